/*
 * Grafana webhook contact point, "HMAC Signature" settings (Grafana 11.6+; grafana/alerting
 * http/hmac.go):
 * - Signature: lowercase hex HMAC-SHA256 of the raw request body, keyed with the shared secret as
 *   UTF-8 bytes, bare (no `sha256=` prefix).
 * - Header: configurable. The docs and the contact point form say the default is
 *   `X-Grafana-Alerting-Signature`; the code that signs (http/hmac.go) falls back to
 *   `X-Grafana-Alert-Signature` when the field is left empty, so a receiver should accept both.
 * - Timestamp header: optional and without a default name (Grafana's Terraform examples use
 *   `X-Grafana-Alerting-Timestamp`). When set, Grafana puts the Unix time in seconds there and signs
 *   `${timestamp}:${body}` instead of the body.
 * https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface GrafanaSignatureInput {
  readonly secret: string;
  readonly rawBody: Buffer;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  readonly now: Date;
  readonly maxSkewSeconds?: number;
}

export type SignatureVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string };

const HEX_SHA256 = /^[0-9a-f]{64}$/i;
const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * Checks a Grafana webhook against its HMAC. The caller passes the clock, so the replay window
 * is testable, and the body exactly as received: re-serialised JSON would not match.
 */
export function verifyGrafanaSignature({
  secret,
  rawBody,
  signature,
  timestamp,
  now,
  maxSkewSeconds = 300,
}: GrafanaSignatureInput): SignatureVerdict {
  // With an empty key anyone can compute a valid signature.
  if (secret === "") return { ok: false, reason: "no signing secret is configured" };
  if (signature === undefined || signature === "") {
    return { ok: false, reason: "the signature header is missing" };
  }
  if (!HEX_SHA256.test(signature)) {
    return { ok: false, reason: "the signature is not 64 hex digits (HMAC-SHA256)" };
  }
  if (timestamp !== undefined) {
    if (!UNIX_SECONDS.test(timestamp)) {
      return { ok: false, reason: "the timestamp is not a Unix time in seconds" };
    }
    const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
    if (!(skew <= maxSkewSeconds)) {
      return {
        ok: false,
        reason: `the timestamp is more than ${maxSkewSeconds}s away from the server's clock`,
      };
    }
  }
  const mac = createHmac("sha256", secret);
  if (timestamp !== undefined) mac.update(`${timestamp}:`);
  const expected = mac.update(rawBody).digest();
  const given = Buffer.from(signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "the signature does not match the body" };
  }
  return { ok: true };
}
