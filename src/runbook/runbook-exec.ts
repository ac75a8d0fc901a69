import { spawn } from "node:child_process";
import type { OutputCollector } from "./runbook-output.ts";
import { redactSecrets } from "./runbook-redact.ts";
import { describeTimeout, type RunbookResult } from "./runbook-result.ts";

export interface ExecOptions {
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly signal?: AbortSignal | undefined;
  /** The child's whole environment: already reduced to the allow-list. */
  readonly env: Record<string, string>;
  readonly collector: OutputCollector;
  readonly secrets: readonly string[];
}

/** After the program exits, how long leftovers may hold its pipes open before we stop listening. */
const CLOSE_GRACE_MS = 500;

/**
 * Runs argv without a shell, in its own process group, so a timeout or the output cap can kill
 * the program and everything it started. Stragglers are killed when it exits, too: a runbook step
 * must not leave processes behind on the bot's host.
 */
export function runExec(argv: readonly string[], options: ExecOptions): Promise<RunbookResult> {
  const [program = "", ...rest] = argv;
  const started = performance.now();
  return new Promise((resolve) => {
    let timedOut = false;
    let stopped: string | undefined;
    let exitCode: number | null = null;
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;

    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", cancel);
      clearTimeout(graceTimer);
      const reason = error ?? stopped;
      resolve({
        exitCode,
        durationMs: Math.round(performance.now() - started),
        output: options.collector.finish(),
        timedOut,
        ...(reason === undefined ? {} : { error: redactSecrets(reason, options.secrets) }),
      });
    };

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(program, rest, {
        shell: false,
        detached: true,
        env: options.env,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      // spawn throws synchronously for arguments it cannot pass at all (a NUL byte, say).
      resolve({
        exitCode: null,
        durationMs: 0,
        output: options.collector.finish(),
        timedOut: false,
        error: redactSecrets(
          `${program} could not be started: ${(error as Error).message}`,
          options.secrets,
        ),
      });
      return;
    }

    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // ESRCH: the group is already gone.
      }
    };

    const timer = setTimeout(() => {
      timedOut = true;
      stopped = `timed out after ${describeTimeout(options.timeoutMs)}: stopped it and everything it started`;
      killGroup();
    }, options.timeoutMs);

    const cancel = () => {
      stopped ??= "cancelled: stopped it and everything it started";
      killGroup();
    };
    if (options.signal?.aborted) cancel();
    else options.signal?.addEventListener("abort", cancel, { once: true });

    const onData = (chunk: Buffer) => {
      if (options.collector.push(chunk) || stopped !== undefined) return;
      stopped = `output passed ${options.maxOutputBytes} bytes: stopped it`;
      killGroup();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);

    child.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") finish(`${program} is not installed on this host`);
      else if (error.code === "EACCES")
        finish(`${program} cannot be run on this host (permission denied)`);
      else finish(`${program} could not be started: ${error.message}`);
    });
    child.on("exit", (code) => {
      exitCode = code;
      killGroup();
      // A grandchild that left the group may still hold the pipes; do not wait for it forever.
      graceTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, CLOSE_GRACE_MS);
    });
    child.on("close", () => finish());
  });
}
