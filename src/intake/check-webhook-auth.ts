import { timingSafeEqual } from "node:crypto";

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A scheme, spaces, and one credential: `Bearer <token> extra` is not a bearer token. */
const AUTHORIZATION = /^([A-Za-z]+) +(\S+)$/;

/**
 * The credentials Alertmanager's `http_config` (and Grafana's contact point) can send:
 * `Authorization: Bearer <token>`, or Basic auth whose password is the token (any user name).
 * Both compare the whole credential with the token, exactly.
 */
export function checkWebhookAuth(header: string | undefined, token: string): boolean {
  const match = AUTHORIZATION.exec(header ?? "");
  if (!match) return false;
  const [, scheme = "", credentials = ""] = match;
  if (scheme.toLowerCase() === "bearer") return same(credentials, token);
  if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(credentials, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon >= 0 && same(decoded.slice(colon + 1), token);
  }
  return false;
}
