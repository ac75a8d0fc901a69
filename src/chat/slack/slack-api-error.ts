/**
 * The error code of a failed Web API call (`name_taken`, `not_in_channel`, …). The WebClient throws
 * a platform error that carries Slack's answer as `data`; anything else (network, HTTP) has no code.
 */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === "string" ? data.error : undefined;
}
