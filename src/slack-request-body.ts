/** What Slack posts to the request URL, parsed: an object, or undefined when it is not one. */
export type SlackBody = Record<string, unknown>;

/**
 * Slack sends Events API callbacks as JSON, slash commands as form fields, and interactivity
 * (buttons, shortcuts) as a form with one `payload` field holding JSON. The body is parsed only
 * after its signature was checked on the raw bytes.
 */
export function parseSlackBody(raw: Buffer, contentType: string): SlackBody | undefined {
  const text = raw.toString("utf8");
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
export function isSslCheck(raw: Buffer, contentType: string): boolean {
  return (
    contentType.startsWith("application/x-www-form-urlencoded") &&
    new URLSearchParams(raw.toString("utf8")).get("ssl_check") === "1"
  );
}
