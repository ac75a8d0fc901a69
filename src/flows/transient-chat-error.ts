/** Network failures worth retrying: the platform may be back in a minute. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  // @slack/web-api: the request never got an answer, an HTTP 5xx, a 429 it gave up waiting on.
  "slack_webapi_request_error",
  "slack_webapi_http_error",
  "slack_webapi_rate_limited_error",
]);

/** Slack answers HTTP 200 with these when the trouble is on its side. */
const SLACK_TRANSIENT = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

function field(error: object, name: string): unknown {
  return (error as Record<string, unknown>)[name];
}

/**
 * Whether a failed chat call may succeed later (an outage, a rate limit, a timeout) rather than
 * being refused for good (a room that is gone, a bot not allowed). The outbox retries the first
 * kind for as long as it takes and gives the second kind up after a few tries.
 */
export function isTransientChatError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const name = field(error, "name");
  if (name === "AbortError" || name === "TimeoutError" || name === "ConnectionError") return true;
  const code = field(error, "code");
  if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
  for (const key of ["statusCode", "status", "httpStatus"]) {
    const status = field(error, key);
    if (typeof status === "number" && (status >= 500 || status === 429 || status === 408)) {
      return true;
    }
  }
  const data = field(error, "data");
  if (typeof data === "object" && data !== null) {
    const slackError = field(data, "error");
    if (typeof slackError === "string" && SLACK_TRANSIENT.has(slackError)) return true;
  }
  const cause = field(error, "cause");
  if (cause !== undefined && cause !== error) return isTransientChatError(cause);
  return error instanceof TypeError && error.message === "fetch failed";
}

/**
 * Whether the platform (or Firebreak's adapter) refused a call for a reason that retrying cannot
 * change: a Slack error code that is not about load, a Matrix 4xx, a Firebreak error.
 */
export function isRefusedChatError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || isTransientChatError(error)) return false;
  if (field(error, "name") === "FirebreakError") return true;
  const data = field(error, "data");
  if (typeof data === "object" && data !== null && typeof field(data, "error") === "string") {
    return true;
  }
  const status = field(error, "httpStatus");
  return typeof status === "number" && status >= 400 && status < 500;
}
