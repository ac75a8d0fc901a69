import type { Log } from "./log.ts";

/**
 * Runs chat work one job at a time, in order, after the data it talks about is committed. Webhook
 * handlers enqueue and answer at once, so a slow or failing chat platform never makes an alert
 * source wait or redeliver.
 */
export interface WorkQueue {
  enqueue(label: string, job: () => Promise<void>): void;
  /** Resolves when every job enqueued so far has finished. */
  drain(): Promise<void>;
  /** Jobs waiting or running: the chat backlog that /readyz and /metrics show. */
  size(): number;
  /** Jobs that failed since start. */
  failed(): number;
}

export function createWorkQueue(log: Log): WorkQueue {
  let tail: Promise<void> = Promise.resolve();
  let waiting = 0;
  let failures = 0;
  return {
    enqueue(label, job) {
      waiting++;
      tail = tail
        .then(job)
        .catch((error: unknown) => {
          failures++;
          log.error({ err: error, job: label }, "chat job failed");
        })
        .finally(() => {
          waiting--;
        });
    },
    drain: () => tail,
    size: () => waiting,
    failed: () => failures,
  };
}
