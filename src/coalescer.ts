import type { WorkQueue } from "./work-queue.ts";

/**
 * Collects keys marked within `delayMs` and hands them to `run` once, on the work queue: a burst of
 * alerts for one incident becomes one summary edit instead of one message per alert. At most one
 * run waits in the queue at a time, and it takes the keys marked up to the moment it starts, so
 * while chat is slow (a storm opening rooms) changes keep joining the edit that is already due.
 */
export interface Coalescer<K> {
  mark(key: K): void;
  /** Queues the pending keys now instead of waiting for the delay; false when nothing was queued. */
  flush(): boolean;
}

export function createCoalescer<K>(
  queue: WorkQueue,
  delayMs: number,
  label: string,
  run: (keys: K[]) => Promise<void>,
): Coalescer<K> {
  const pending = new Set<K>();
  let timer: NodeJS.Timeout | undefined;
  let queued = false;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0 || queued) return false;
    queued = true;
    queue.enqueue(label, async () => {
      queued = false;
      const keys = [...pending];
      pending.clear();
      if (keys.length > 0) await run(keys);
    });
    return true;
  };
  return {
    mark(key) {
      pending.add(key);
      if (queued) return; // the run already waiting will take it
      if (delayMs <= 0) {
        flush();
        return;
      }
      if (!timer) {
        timer = setTimeout(flush, delayMs);
        timer.unref();
      }
    },
    flush,
  };
}
