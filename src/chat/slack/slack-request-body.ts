/** What Slack posts to the request URL, parsed: an object, or undefined when it is not one. */
export type SlackBody = Record<string, unknown>;

/**
 * Slack sends Events API callbacks as JSON, slash commands as form fields, and interactivity
 * (buttons, shortcuts) as a form with one `payload` field holding JSON. The body is parsed only
 * after its signature was checked on the raw bytes.
 */
export function parseSlackBody(text: string, contentType: string): SlackBody | undefined {
  try {
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      const form = new URLSearchParams(text);
      const payload = form.get("payload");
      if (payload === null) return Object.fromEntries(form);
      return asObject(JSON.parse(payload));
    }
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): SlackBody | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as SlackBody)
    : undefined;
}

/** Slack's `ssl_check=1` probe: unsigned, answered 200 and never handed to the app. */
export function isSslCheck(text: string, contentType: string): boolean {
  return (
    contentType.startsWith("application/x-www-form-urlencoded") &&
    new URLSearchParams(text).get("ssl_check") === "1"
  );
}
