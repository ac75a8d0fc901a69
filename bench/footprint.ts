// Footprint: `node bin/firebreak.js serve` as a user starts it (console chat, stdin not a
// terminal), on a free port and a temp data dir: time until /readyz answers 200, and RSS at idle.
// Firebreak keeps Node's compile cache in the system temp folder (src/cli/cli.ts); the bench gives
// it an empty temp folder of its own (TMPDIR), so the first start is what a fresh install or
// upgrade sees ("cold") and the later ones what every restart sees (the figures the targets are
// about). NODE_COMPILE_CACHE is not set: it would enable the cache before Firebreak does, which a
// user's `firebreak serve` does not get.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Figure } from "./lib.ts";
import { freePort, median, procStatusMb, progress, ROOT, round, sleep } from "./lib.ts";

/** Start-ups with a warm compile cache, after the cold one. */
const WARM_STARTS = 3;
const IDLE_WAIT_MS = 3_000;

interface Serve {
  readonly pid: number;
  readonly readyMs: number;
  stop(): Promise<void>;
}

async function startServe(tempFolder: string): Promise<Serve> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "firebreak-bench-serve-"));
  // No chat platform (their secrets come only from the environment) and no inherited settings.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(SLACK_|MATRIX_|FIREBREAK_|NODE_COMPILE_CACHE)/.test(name) && name !== "NODE_OPTIONS",
    ),
  );
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, "bin", "firebreak.js"), "serve"], {
    cwd: ROOT,
    env: {
      ...env,
      FIREBREAK_HOST: "127.0.0.1",
      FIREBREAK_PORT: String(port),
      FIREBREAK_DATA_DIR: dataDir,
      TMPDIR: tempFolder,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited early: ${stderr.trim()}`);
      if (performance.now() - started > 30_000) throw new Error("serve was not ready in 30 s");
      try {
        const response = await fetch(`http://127.0.0.1:${port}/readyz`, {
          signal: AbortSignal.timeout(1_000),
        });
        await response.body?.cancel();
        if (response.status === 200) {
          return { pid: child.pid ?? -1, readyMs: performance.now() - started, stop };
        }
      } catch {
        // not listening yet
      }
      await sleep(5);
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts `serve`, optionally lets it idle and reads its RSS, stops it. */
async function measureStart(
  tempFolder: string,
  label: string,
  idle: boolean,
): Promise<{ readyMs: number; idleRssMb: number | undefined }> {
  const serve = await startServe(tempFolder);
  try {
    progress(`footprint: ${label}: ready in ${Math.round(serve.readyMs)} ms`);
    if (!idle) return { readyMs: serve.readyMs, idleRssMb: undefined };
    await sleep(IDLE_WAIT_MS);
    const idleRssMb = procStatusMb(serve.pid, "VmRSS");
    progress(
      `footprint: ${label}: ${round(idleRssMb ?? Number.NaN)} MB RSS after ${IDLE_WAIT_MS / 1000} s idle`,
    );
    return { readyMs: serve.readyMs, idleRssMb };
  } finally {
    await serve.stop();
  }
}

export async function footprint(emit: (figure: Figure) => void): Promise<void> {
  const tempFolder = mkdtempSync(join(tmpdir(), "firebreak-bench-serve-tmp-"));
  try {
    const cold = await measureStart(tempFolder, "first start (empty compile cache)", true);
    const warm: { readyMs: number; idleRssMb: number | undefined }[] = [];
    for (let run = 1; run <= WARM_STARTS; run++) {
      warm.push(
        await measureStart(tempFolder, `restart ${run}/${WARM_STARTS}`, run === WARM_STARTS),
      );
    }
    emit({ name: "ready_ms", value: Math.round(median(warm.map((w) => w.readyMs))), unit: "ms" });
    const idle = warm.at(-1)?.idleRssMb;
    if (idle !== undefined) emit({ name: "idle_rss_mb", value: round(idle), unit: "MB" });
    emit({
      name: "ready_cold_ms",
      value: Math.round(cold.readyMs),
      unit: "ms (empty compile cache)",
    });
    if (cold.idleRssMb !== undefined) {
      emit({
        name: "idle_rss_cold_mb",
        value: round(cold.idleRssMb),
        unit: "MB (empty compile cache)",
      });
    }
  } finally {
    rmSync(tempFolder, { recursive: true, force: true });
  }
}
