/**
 * Keys whose values are credentials wherever they appear: the config's secrets, Matrix and Slack
 * credentials, runbook secrets, and HTTP headers that carry credentials. Compared lowercased.
 */
const SECRET_KEYS = new Set(
  [
    "token",
    "accessToken",
    "access_token",
    "refreshToken",
    "refresh_token",
    "botToken",
    "appToken",
    "webhookToken",
    "secret",
    "secrets",
    "signingSecret",
    "grafanaSecret",
    "clientSecret",
    "password",
    "apiKey",
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    // Node's raw request head (`Authorization: …` included), which HTTP client errors carry.
    "_header",
  ].map((key) => key.toLowerCase()),
);

export const REDACTED = "[redacted]";

/**
 * How many objects deep a key is still found: an HTTP client's error wrapped in a Slack error,
 * `err.original.config.headers.Authorization`, is 5.
 */
const MAX_DEPTH = 8;

/**
 * Returns `value` with every credential-named property replaced by "[redacted]", at any depth up
 * to MAX_DEPTH. Objects without secrets are returned as they are (no copy), so an ordinary log
 * line costs a walk over its few fields; objects with secrets are copied, keeping their
 * prototype (an Error stays an Error), and the caller's objects are never changed.
 */
export function redactSecrets<T>(value: T, depth = 0, seen = new WeakSet<object>()): T {
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return value;
  if (seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const redacted = redactSecrets(item, depth + 1, seen);
      if (redacted !== item) {
        copy ??= [...value];
        copy[index] = redacted;
      }
    });
    return (copy ?? value) as T;
  }
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof RegExp) return value;
  let changes: Map<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const current = (value as Record<string, unknown>)[key];
    const next = SECRET_KEYS.has(key.toLowerCase())
      ? current === undefined || current === null
        ? current
        : REDACTED
      : redactSecrets(current, depth + 1, seen);
    if (next !== current) {
      changes ??= new Map();
      changes.set(key, next);
    }
  }
  if (!changes) return value;
  const copy = Object.create(
    Object.getPrototypeOf(value) as object | null,
    Object.getOwnPropertyDescriptors(value),
  ) as Record<string, unknown>;
  // V8 keeps an error's stack behind an accessor bound to the original: copy the text itself.
  if (value instanceof Error) {
    Object.defineProperty(copy, "stack", {
      value: value.stack,
      writable: true,
      configurable: true,
    });
  }
  for (const [key, next] of changes) {
    Object.defineProperty(copy, key, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy as T;
}
