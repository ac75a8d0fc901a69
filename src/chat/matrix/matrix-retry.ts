import { setTimeout as sleep } from "node:timers/promises";
import { HTTPError, safeGetRetryAfterMs } from "matrix-js-sdk";
import type { Log } from "../../core/log.ts";

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly maxAttempts: number;
  /** The longest single wait, whatever the server asks for. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, maxDelayMs: 30_000 };

/** True for HTTP 429 / `M_LIMIT_EXCEEDED`, as the SDK itself classifies them. */
export function isRateLimited(error: unknown): boolean {
  return error instanceof HTTPError && error.isRateLimitError();
}

/**
 * Runs one homeserver call, and when the server says `M_LIMIT_EXCEEDED` waits the
 * `retry_after_ms` (or `Retry-After`) it asks for and tries again, a bounded number of times.
 * The SDK throws these for createRoom, invite and state calls instead of retrying; each call
 * waits on its own, so one rate-limited room never holds up another. Callers that send events
 * reuse one transaction ID across attempts, so a retry after a lost answer cannot post twice.
 */
export async function retryRateLimited<T>(
  label: string,
  call: () => Promise<T>,
  options: { policy: RetryPolicy; log: Log; signal?: AbortSignal },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isRateLimited(error) || attempt >= options.policy.maxAttempts) throw error;
      const fallback = 1000 * 2 ** (attempt - 1);
      const delay = Math.min(
        Math.max(0, safeGetRetryAfterMs(error, fallback)),
        options.policy.maxDelayMs,
      );
      options.log.debug({ call: label, attempt, delayMs: delay }, "matrix rate limit; retrying");
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
}
