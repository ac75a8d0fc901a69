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
}

export function createWorkQueue(log: Log): WorkQueue {
  let tail: Promise<void> = Promise.resolve();
  return {
    enqueue(label, job) {
      tail = tail.then(job).catch((error: unknown) => {
        log.error({ err: error, job: label }, "chat job failed");
      });
    },
    drain: () => tail,
  };
}
