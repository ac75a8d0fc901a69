import type { ChatPort } from "../core/chat-port.ts";
import type { Log } from "../core/log.ts";
import type { QueuedOutboxMessage } from "../core/outbox-message.ts";
import type { Store } from "../core/store-ports.ts";
import type { OutboxDelivery } from "./deliver-outbox-message.ts";
import { isRefusedChatError, isTransientChatError } from "./transient-chat-error.ts";

/** Tries for a message that fails for a reason neither transient nor a refusal. */
const MAX_ATTEMPTS_UNKNOWN = 5;
const FIRST_BACKOFF_MS = 1000;
/** An incident bot that is back should speak within a minute. */
const MAX_BACKOFF_MS = 60_000;
/** The worker looks again at least this often, whatever the timers say. */
const MAX_SLEEP_MS = 30_000;

/** 1 s, 2 s, 4 s … up to a minute between tries. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers the outbox: one message at a time, each lane in order. A message that fails waits (with
 * backoff) and holds its lane, so the room's messages stay in order, while other lanes go on. An
 * outage is retried for as long as it lasts; a message the platform refuses (a room that is gone) is
 * given up at once, one failing for an unknown reason after a few tries; both are kept, marked
 * failed, for the operator, and the lane moves on.
 */
export function createOutboxWorker(deps: {
  store: Store;
  chats: readonly ChatPort[];
  deliver: OutboxDelivery;
  log: Log;
  wallNow: () => number;
}) {
  const { store, log, wallNow } = deps;
  let running: Promise<void> = Promise.resolve();
  let scheduled = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  /** Platforms with messages waiting out a backoff. */
  const backingOff = new Set<string>();

  async function attempt(queued: QueuedOutboxMessage): Promise<void> {
    const chat = deps.chats.find((c) => c.platform === queued.platform);
    if (!chat) {
      store.outbox.fail(queued.id, new Date(wallNow()).toISOString(), "platform not configured");
      return;
    }
    store.outbox.markStarted(queued.id, wallNow());
    const tries = queued.attempts + 1;
    try {
      await deps.deliver(queued, chat, (step) => store.outbox.markStep(queued.id, step));
      store.outbox.complete(queued.id);
      // The platform answers again: what waits out a backoff for it may go now.
      if (backingOff.delete(queued.platform)) store.outbox.wake(queued.platform, wallNow());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const context = { err: error, message: queued.id, kind: queued.message.kind, tries };
      const retry =
        isTransientChatError(error) || (!isRefusedChatError(error) && tries < MAX_ATTEMPTS_UNKNOWN);
      if (retry) {
        const delay = backoffMs(tries);
        store.outbox.retryAt(queued.id, wallNow() + delay, reason);
        backingOff.add(queued.platform);
        log.warn({ ...context, retryInMs: delay }, `chat ${queued.platform} failed; will retry`);
      } else {
        store.outbox.fail(queued.id, new Date(wallNow()).toISOString(), reason);
        log.error(context, `chat ${queued.platform} refused a message; given up`);
      }
    }
  }

  /**
   * Delivers the next due message (from `fromId` on, not yet tried in this pass); false when there is
   * none. One message at a time, and each is its own turn, so a command's messages can go between a
   * storm's messages instead of after all of them.
   */
  function deliverNext(dueBy: number, tried: number[], fromId: number): Promise<boolean> {
    let found = false;
    return exclusive(async () => {
      const queued = store.outbox.next(dueBy, tried, fromId);
      if (!queued) return;
      found = true;
      tried.push(queued.id);
      await attempt(queued);
    }).then(() => found);
  }

  async function pass(dueBy: () => number, fromId = 0, background = false): Promise<void> {
    const tried: number[] = [];
    while (!(background && stopped) && (await deliverNext(dueBy(), tried, fromId))) {
      // each turn delivered one message
    }
  }

  function exclusive(work: () => Promise<void>): Promise<void> {
    const turn = running.then(work);
    running = turn.catch(() => {});
    return turn;
  }

  function scheduleNext(): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    let due: number | undefined;
    try {
      due = store.outbox.nextDueAt();
    } catch (error) {
      // A database fault (/readyz reports it) must not end the process: look again later.
      log.error({ err: error }, "outbox: cannot read the next due message");
    }
    const wait = due === undefined ? MAX_SLEEP_MS : Math.max(0, due - wallNow());
    timer = setTimeout(kick, Math.min(wait, MAX_SLEEP_MS));
    timer.unref();
  }

  let passing = false;
  /** Delivers what is due, soon (after the current transaction's caller returns). */
  function kick(): void {
    if (stopped || scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (passing) return; // the pass under way picks the new messages up
      passing = true;
      pass(wallNow, 0, true)
        .catch((error: unknown) => log.error({ err: error }, "outbox pass failed"))
        .finally(() => {
          passing = false;
          scheduleNext();
        });
    });
  }

  return {
    kick,
    start(): void {
      stopped = false;
      store.outbox.resetStarted(); // a crash left them half done; they go again
      for (const chat of deps.chats) store.outbox.wake(chat.platform, wallNow());
      kick();
    },
    /** Stops delivering after the message under way; what waits stays in the outbox. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
    /**
     * Delivers what was written after message `afterId` and is due now (a command's replies), before
     * the command's handler returns; each message is tried once.
     */
    settle: (afterId: number) => pass(wallNow, afterId + 1),
    /** The id to pass to `settle` later. */
    mark: () => store.outbox.lastId(),
    /**
     * Delivers everything waiting now, without waiting out summary delays or retry backoff; each
     * message is tried at most once, so a platform that is down does not make this hang.
     */
    drain: () => pass(() => Number.MAX_SAFE_INTEGER),
    backlog: () => store.outbox.counts(),
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
