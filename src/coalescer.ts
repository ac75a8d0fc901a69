import type { WorkQueue } from "./work-queue.ts";

/**
 * Collects keys marked within `delayMs` and hands them to `run` once, on the work queue: a burst of
 * alerts for one incident becomes one summary edit instead of one message per alert.
 */
export interface Coalescer<K> {
  mark(key: K): void;
  /** Queues the pending keys now instead of waiting for the delay; false when there were none. */
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
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return false;
    const keys = [...pending];
    pending.clear();
    queue.enqueue(label, () => run(keys));
    return true;
  };
  return {
    mark(key) {
      pending.add(key);
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
