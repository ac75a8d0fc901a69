/**
 * Commits what arrives together in one transaction. Requests that come in while the event loop is
 * busy (a storm: Alertmanager's connections deliver at once) wait at most until the current turn
 * ends, and then share one durable commit instead of paying a disk flush each. Each caller's
 * promise settles only after the commit that holds its items, so an answer still means "on
 * disk". If the shared transaction fails, every item is tried again alone, so one bad delivery
 * fails only itself.
 */
export function createGroupCommit<I, O>(options: {
  /** Commits every item in one transaction and returns each one's result in order, or throws. */
  commitAll: (items: readonly I[]) => O[];
  /** Commits one item in its own transaction. */
  commitOne: (item: I) => O;
  /** The most items one transaction takes (bounds the wait of the first in a big burst). */
  maxBatch?: number;
}): (item: I) => Promise<O> {
  const maxBatch = options.maxBatch ?? 64;
  let waiting: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      let results: O[] | undefined;
      if (batch.length > 1) {
        try {
          results = options.commitAll(batch.map((entry) => entry.item));
        } catch {
          results = undefined; // find the one at fault below
        }
      }
      batch.forEach((entry, index) => {
        if (results) {
          entry.resolve(results[index] as O);
          return;
        }
        try {
          entry.resolve(options.commitOne(entry.item));
        } catch (error) {
          entry.reject(error);
        }
      });
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
