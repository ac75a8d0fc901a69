import { type ChildProcessByStdio, spawn } from "node:child_process";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { waitFor } from "./alertmanager.ts";

/**
 * `firebreak serve` as its own process (bin/firebreak.js on this Node), on a fixed 127.0.0.1
 * port with its own data dir and the console chat, as an operator runs it.
 */

export const FIREBREAK_BIN = join(import.meta.dirname, "..", "..", "..", "bin", "firebreak.js");

/** How much of each stream a process keeps for error messages (a soak prints megabytes). */
const KEEP_CHARS = 64 * 1024;

export interface ServeOptions {
  readonly dataDir: string;
  readonly port: number;
  /** FIREBREAK_WEBHOOK_TOKEN, when the webhooks should demand one. */
  readonly token?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Called with every complete line the process prints on stdout (the console chat). */
  readonly onLine?: (line: string) => void;
}

export interface ServeProcess {
  readonly process: ChildProcessByStdio<null, Readable, Readable>;
  readonly pid: number;
  readonly address: string;
  /** The last 64 KB of stdout (console chat) and stderr (JSON logs). */
  stdout(): string;
  stderr(): string;
  /** Resolves once the process has exited: its exit code, or null when a signal ended it. */
  readonly exited: Promise<number | null>;
  /** SIGKILL, no warning; resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM; resolves with the exit code (SIGKILL and null if it lingers past graceMs). */
  stop(graceMs?: number): Promise<number | null>;
}

/** The environment `serve` runs with: only what is given, never the developer's FIREBREAK_*. */
export function serveEnv(options: ServeOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("FIREBREAK_")) env[key] = value;
  }
  return {
    ...env,
    FIREBREAK_DATA_DIR: options.dataDir,
    FIREBREAK_HOST: "127.0.0.1",
    FIREBREAK_PORT: String(options.port),
    FIREBREAK_LOG_LEVEL: "warn",
    ...(options.token ? { FIREBREAK_WEBHOOK_TOKEN: options.token } : {}),
    ...options.env,
  };
}

/** Starts `firebreak serve` (cwd: the data dir) and waits until it says it listens. */
export async function startServe(
  options: ServeOptions,
  waitOptions: { timeoutMs?: number; context?: () => string } = {},
): Promise<ServeProcess> {
  const address = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, [FIREBREAK_BIN, "serve"], {
    env: serveEnv(options),
    cwd: options.dataDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let partial = "";
  let listening = false;
  const keep = (text: string) => (text.length > KEEP_CHARS ? text.slice(-KEEP_CHARS) : text);
  child.stdout.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    if (!listening && (stdout + text).includes(`Firebreak listens on ${address} `)) {
      listening = true;
    }
    stdout = keep(stdout + text);
    if (options.onLine) {
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) options.onLine(line);
    }
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = keep(stderr + chunk.toString());
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const serve: ServeProcess = {
    process: child,
    pid: child.pid ?? -1,
    address,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async kill() {
      if (!gone()) child.kill("SIGKILL");
      await exited;
    },
    async stop(graceMs = 15_000) {
      if (gone()) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  try {
    await waitFor(
      `firebreak serve to listen on ${address}`,
      () => {
        if (gone()) {
          throw new Error(`serve exited (${child.exitCode ?? child.signalCode}): ${stderr}`);
        }
        return listening ? true : undefined;
      },
      {
        timeoutMs: waitOptions.timeoutMs ?? 20_000,
        intervalMs: 20,
        context: () =>
          `stdout:\n${stdout}\nstderr:\n${stderr}${waitOptions.context ? `\n${waitOptions.context()}` : ""}`,
      },
    );
  } catch (error) {
    await serve.kill();
    throw error;
  }
  return serve;
}
