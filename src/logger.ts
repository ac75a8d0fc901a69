import pino, { type Logger } from "pino";

/**
 * Keys whose values are credentials wherever they appear: the config's secrets, Matrix and Slack
 * credentials, runbook secrets, and HTTP headers that carry credentials (any case a client uses).
 */
const SECRET_KEYS = [
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
  "Authorization",
  "proxy-authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "x-api-key",
  // Node's raw request head (`Authorization: …` included), which HTTP client errors carry.
  "_header",
] as const;

/**
 * How many objects deep a key is still found: `config.slack.botToken` is 3, and an HTTP client's
 * error wrapped in a Slack error, `err.original.config.headers.Authorization`, is 5.
 */
const REDACT_DEPTH = 5;

/** `key`, `*.key`, `*.*.key`, … in pino's path syntax (brackets for keys with a dash). */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => {
  const leaf = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  return Array.from({ length: REDACT_DEPTH }, (_, depth) => {
    if (depth === 0) return leaf;
    const prefix = Array.from({ length: depth }, () => "*").join(".");
    return leaf.startsWith("[") ? `${prefix}${leaf}` : `${prefix}.${leaf}`;
  });
});

/** Structured JSON logs on stderr, so stdout stays for what people asked for. */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { name: "firebreak" },
      redact: { paths: [...REDACT_PATHS], censor: "[redacted]" },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
