import { isIP } from "node:net";
import type { Config } from "../config/config.ts";
import { FirebreakError } from "../core/firebreak-error.ts";

/** The shortest FIREBREAK_WEBHOOK_TOKEN accepted: 16 random characters resist guessing online. */
export const MIN_WEBHOOK_TOKEN_LENGTH = 16;

/**
 * What an Authorization header carries byte for byte: printable ASCII without spaces. HTTP strips
 * spaces at the ends of a header and Node reads it as Latin-1, so a token with a space or a
 * non-ASCII character could never be sent exactly (and a blank one would match a blank password).
 */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

const MAKE_ONE = "generate one with `openssl rand -hex 32`";

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));
}

/**
 * Refuses to start webhooks that a stranger could use: a token too weak to protect them, or no
 * token on an address beyond loopback. `serve` and every app built by createApp go through this.
 */
export function assertSafeIntake(config: Pick<Config, "host" | "webhookToken">): void {
  const token = config.webhookToken;
  if (token !== undefined) {
    const problem =
      token.length === 0
        ? "is set but empty"
        : !HEADER_SAFE.test(token)
          ? "contains spaces, control or non-ASCII characters, which an Authorization header cannot carry exactly"
          : token.length < MIN_WEBHOOK_TOKEN_LENGTH
            ? `is ${token.length} characters long`
            : undefined;
    if (problem) {
      throw new FirebreakError(
        "weak_webhook_token",
        `FIREBREAK_WEBHOOK_TOKEN ${problem}: it must be at least ${MIN_WEBHOOK_TOKEN_LENGTH} printable ASCII characters without spaces; ${MAKE_ONE}.`,
      );
    }
  }
  if (!isLoopback(config.host) && !token) {
    throw new FirebreakError(
      "unsafe_bind",
      `Refusing to listen on ${config.host} without FIREBREAK_WEBHOOK_TOKEN: anyone who can reach it could open incidents. Set the token (${MAKE_ONE}), or bind to 127.0.0.1.`,
    );
  }
}
