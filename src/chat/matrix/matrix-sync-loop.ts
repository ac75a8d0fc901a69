import { setTimeout as sleep } from "node:timers/promises";
import { type IFilterDefinition, MatrixError, Method, safeGetRetryAfterMs } from "matrix-js-sdk";
import type { Log } from "../../core/log.ts";
import { isRateLimited } from "./matrix-retry.ts";
import { isAuthError, type MatrixSession } from "./matrix-session.ts";
import { type SyncResponse, syncResponseSchema } from "./matrix-sync-schema.ts";

/**
 * What the bot asks /sync for: room timelines and state, nothing else (no presence, typing,
 * receipts or account data). Member lists are not lazy-loaded: the names are wanted.
 */
const SYNC_FILTER: IFilterDefinition = {
  presence: { not_types: ["*"] },
  account_data: { not_types: ["*"] },
  room: {
    timeline: { limit: 50 },
    ephemeral: { not_types: ["*"] },
    account_data: { not_types: ["*"] },
    state: { lazy_load_members: false },
  },
};

/** How long past the server's long-poll timeout a /sync may take before it is given up on. */
const GRACE_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;

export interface SyncLoop {
  /** Settles after the first sync: resolves whether it worked or not (the loop keeps trying), rejects when the server refuses the bot's token. */
  readonly ready: Promise<void>;
  isConnected(): boolean;
  stop(): Promise<void>;
}

/**
 * Firebreak's own /sync loop, on the SDK client's authenticated HTTP API. The SDK's startClient()
 * keeps its position only in memory (or IndexedDB in browsers), emits events without waiting for
 * them to be handled, and starts pollers and timers a bot does not need. This loop resumes from
 * the position the store kept and asks for the next batch only once `onSync` has taken the last.
 */
export function startSyncLoop(options: {
  session: MatrixSession;
  since: string | undefined;
  pollTimeoutMs: number;
  log: Log;
  onSync: (response: SyncResponse, since: string | undefined) => Promise<void>;
}): SyncLoop {
  const { session, log } = options;
  const stopping = new AbortController();
  let connected = false;
  let settleReady: ((error?: unknown) => void) | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    settleReady = (error) => {
      settleReady = undefined;
      if (error) reject(error);
      else resolve();
    };
  });
  let filterId: string | undefined;

  async function syncOnce(since: string | undefined, first: boolean): Promise<SyncResponse> {
    filterId ??= await session.client.createFilter(SYNC_FILTER).then(
      (filter) => filter.filterId,
      (error: unknown) => {
        // A server that will not store filters still takes one inline, as JSON (the spec allows both).
        if (!(error instanceof MatrixError) || isAuthError(error) || isRateLimited(error)) {
          throw error;
        }
        return JSON.stringify(SYNC_FILTER);
      },
    );
    // The first sync of a run answers at once, news or not: start-up must not wait for news.
    const timeout = first ? 0 : options.pollTimeoutMs;
    const request = new AbortController();
    const giveUp = setTimeout(() => request.abort(), timeout + GRACE_MS);
    const onStop = () => request.abort();
    stopping.signal.addEventListener("abort", onStop, { once: true });
    try {
      const raw = await session.client.http.authedRequest<unknown>(
        Method.Get,
        "/sync",
        { filter: filterId, timeout: String(timeout), ...(since === undefined ? {} : { since }) },
        undefined,
        // `priority` is a browser fetch option the SDK's types require; Node ignores it.
        { abortSignal: request.signal, priority: undefined },
      );
      return syncResponseSchema.parse(raw);
    } finally {
      clearTimeout(giveUp);
      stopping.signal.removeEventListener("abort", onStop);
    }
  }

  async function run(): Promise<void> {
    let since = options.since;
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        const response = await syncOnce(since, settleReady !== undefined);
        await options.onSync(response, since);
        since = response.next_batch;
        failures = 0;
        connected = true;
        settleReady?.();
      } catch (error) {
        if (stopping.signal.aborted) break;
        connected = false;
        failures++;
        if (isAuthError(error)) {
          const again = await session.relogin().catch((failure: unknown) => {
            log.error({ err: failure }, "Matrix login failed");
            return false;
          });
          if (!again && settleReady) {
            settleReady(error);
            break;
          }
          if (!again) log.error({ err: error }, "Matrix refused the bot's access token");
        }
        settleReady?.();
        const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1));
        const delay = isRateLimited(error)
          ? Math.min(2 * MAX_BACKOFF_MS, safeGetRetryAfterMs(error, backoff))
          : backoff;
        log.warn({ err: error, delayMs: delay }, "Matrix sync failed; trying again");
        await sleep(delay, undefined, { signal: stopping.signal }).catch(() => {});
      }
    }
    connected = false;
  }

  const running = run();
  return {
    ready,
    isConnected: () => connected,
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
