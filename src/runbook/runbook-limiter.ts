/** Caps how many runbook commands run at once, host-wide; the rest wait their turn in order. */
export interface RunLimiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Running now. */
  readonly active: number;
  /** Waiting for a slot. */
  readonly waiting: number;
}

export function createRunLimiter(max: number): RunLimiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError("max must be a positive integer");
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active--;
    const next = queue.shift();
    if (next) {
      active++;
      next();
    }
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    async run(task) {
      if (active < max) active++;
      // The slot is handed over by release(), so active never drops below the queue's needs.
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
