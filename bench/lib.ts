import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export { freePort } from "../test/e2e/helpers/free-port.ts";

/** The repository root (bench/..). */
export const ROOT = join(import.meta.dirname, "..");

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

export type Message = { readonly type: string } & Record<string, unknown>;

const started = performance.now();

/** Progress for the person waiting: stderr, so stdout stays one JSON figure per line. */
export function progress(text: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${text}\n`);
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A line of /proc/<pid>/status in MB (VmRSS: now, VmHWM: the peak); undefined once it is gone. */
export function procStatusMb(pid: number | "self", field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the highest value seen. */
export function sampleRss(pid: number, everyMs = 50): { stop(): number } {
  let peak = 0;
  const take = () => {
    peak = Math.max(peak, procStatusMb(pid, "VmRSS") ?? 0);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}

export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  /** The next message of this type (fails on an `error` message, an exit, or the timeout). */
  next(type: string, timeoutMs?: number): Promise<Message>;
  send(message: Message): void;
  /** Asks it to stop (`stop` message), then kills it if it lingers; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs bench/<file> in its own Node process (the same pinned Node, TypeScript stripped), talking
 * over IPC. Its stdout and stderr go to our stderr, so they never mix with the figures.
 */
export function startChild(file: string, env: Record<string, string> = {}): Child {
  const child = fork(join(import.meta.dirname, file), [], {
    env: { ...process.env, ...env },
    stdio: ["ignore", 2, 2, "ipc"],
  });
  const inbox: Message[] = [];
  const waiting = new Set<() => void>();
  let exited = false;
  const wake = () => {
    for (const resolve of [...waiting]) resolve();
  };
  child.on("message", (message) => {
    inbox.push(message as Message);
    wake();
  });
  child.on("exit", () => {
    exited = true;
    wake();
  });
  // A child that finished its work may exit while we still talk to it (EPIPE): not a failure.
  const quiet = (error: Error) =>
    exited ||
    ["EPIPE", "ERR_IPC_CHANNEL_CLOSED"].includes((error as NodeJS.ErrnoException).code ?? "");
  child.on("error", (error) => {
    if (!quiet(error)) progress(`${file}: ${error.message}`);
  });
  const post = (message: Message) => {
    if (exited || !child.connected) return;
    try {
      child.send(message, (error) => {
        if (error && !quiet(error)) progress(`${file}: ${error.message}`);
      });
    } catch {
      // the channel closed under us
    }
  };
  const next = async (type: string, timeoutMs = 120_000): Promise<Message> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = inbox.findIndex((m) => m.type === type || m.type === "error");
      if (index >= 0) {
        const [message] = inbox.splice(index, 1) as [Message];
        if (message.type === "error") throw new Error(`${file}: ${String(message.message)}`);
        return message;
      }
      if (exited) throw new Error(`${file} exited (code ${child.exitCode}) before "${type}"`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${file}: no "${type}" within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        waiting.add(done);
      });
    }
  };
  return {
    process: child,
    pid: child.pid ?? -1,
    next,
    send: post,
    async stop(graceMs = 10_000) {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      if (child.connected) post({ type: "stop" });
      else child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** In a child: send a message to the bench (no-op when run by hand). */
export function tell(message: Message): void {
  process.send?.(message);
}

/** In a child: report a failure to the bench and exit. */
export function fail(error: unknown): never {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${message}\n`);
  tell({ type: "error", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
