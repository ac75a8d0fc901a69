/**
 * A sliding-window limiter for Web API methods with a low tier. conversations.create is Tier 2
 * (20+ calls a minute): an alert storm that opens many incidents, or a run of taken channel names,
 * must queue behind the window instead of hammering Slack into 429s. Callers wait their turn in
 * order; nothing else is blocked, since chat work already runs off the intake path.
 */
export interface RateWindow {
  /** Resolves when one more call fits in the window (and counts it). */
  take(): Promise<void>;
}

export function createRateWindow(
  limit: number,
  windowMs: number,
  now: () => number = Date.now,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): RateWindow {
  const calls: number[] = [];
  let line: Promise<void> = Promise.resolve();
  const wait = async () => {
    for (;;) {
      const at = now();
      while (calls.length > 0 && (calls[0] ?? 0) <= at - windowMs) calls.shift();
      if (calls.length < limit) {
        calls.push(at);
        return;
      }
      await sleep((calls[0] ?? at) + windowMs - at);
    }
  };
  return {
    take() {
      const turn = line.then(wait);
      line = turn.catch(() => {});
      return turn;
    },
  };
}
