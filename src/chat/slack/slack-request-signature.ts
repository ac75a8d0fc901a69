import { verifySlackRequest } from "@slack/bolt";

/** Slack's replay window: a signed request older (or newer) than this is refused. */
const REPLAY_WINDOW_MS = 5 * 60_000;

export type SignatureVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks the `v0` HMAC-SHA256 signature Slack puts on every request, over the exact raw body, with
 * Bolt's verifySlackRequest and Firebreak's clock. Bolt refuses timestamps more than five minutes
 * old; one from more than five minutes in the future is refused here too, so a captured request
 * cannot be replayed later either way.
 */
export function checkSlackSignature(input: {
  readonly signingSecret: string;
  readonly rawBody: string;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  readonly now: Date;
}): SignatureVerdict {
  if (!input.signature || !input.timestamp) {
    return {
      ok: false,
      reason: "the X-Slack-Signature or X-Slack-Request-Timestamp header is missing",
    };
  }
  // At most 12 digits: always a safe integer.
  if (!/^\d{1,12}$/.test(input.timestamp)) {
    return { ok: false, reason: "X-Slack-Request-Timestamp is not a Unix time" };
  }
  const seconds = Number(input.timestamp);
  if (seconds * 1000 - input.now.getTime() > REPLAY_WINDOW_MS) {
    return { ok: false, reason: "X-Slack-Request-Timestamp is more than five minutes ahead" };
  }
  try {
    verifySlackRequest({
      signingSecret: input.signingSecret,
      body: input.rawBody,
      headers: { "x-slack-signature": input.signature, "x-slack-request-timestamp": seconds },
      nowMilliseconds: input.now.getTime(),
    });
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      reason: (error as Error).message.replace(/^Failed to verify authenticity: /, ""),
    };
  }
}
