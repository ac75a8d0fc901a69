import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createRunLimiter, DEFAULT_RUN_ENV, runRunbook } from "../../src/runbook/runbook-run.ts";

const NODE = process.execPath;
const node = (script: string, ...args: string[]) => ({
  kind: "exec" as const,
  argv: [NODE, "-e", script, "--", ...args],
  env: [],
});

/** Alive and not a zombie: a killed orphan may linger unreaped in a container without init. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, ms = 2000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

// Built from pieces so that secret scanners do not mistake the fixtures for leaked credentials.
const SLACK = `${"xox"}b-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx`;
const GITHUB = `${"gh"}p_${"a1B2c3D4e5".repeat(4)}`;
const JWT = `${"ey"}JhbGciOiJIUzI1NiJ9.${"ey"}JzdWIiOiIxMjM0In0.c2lnbmF0dXJlc2lnbmF0dXJl`;

describe("runRunbook (exec)", () => {
  it("runs the program without a shell and reports exit code, duration and output", async () => {
    const result = await runRunbook(
      node("process.stdout.write('out\\n'); process.stderr.write('err\\n'); process.exit(3)"),
      { timeoutMs: 5000, secrets: [] },
    );
    expect(result).toMatchObject({ exitCode: 3, timedOut: false, output: "out\nerr\n" });
    expect(result.error).toBeUndefined();
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it("passes only the allow-listed environment plus the command's own variables", async () => {
    const result = await runRunbook(
      {
        ...node("process.stdout.write(JSON.stringify(Object.keys(process.env).sort()))"),
        env: ["KUBECONFIG"],
      },
      {
        timeoutMs: 5000,
        secrets: [],
        sourceEnv: {
          PATH: "/usr/bin:/bin",
          HOME: "/home/bot",
          KUBECONFIG: "/etc/kube.conf",
          FIREBREAK_WEBHOOK_TOKEN: "must-not-leak-1234",
          SLACK_BOT_TOKEN: SLACK,
        },
      },
    );
    expect(JSON.parse(result.output)).toEqual(["HOME", "KUBECONFIG", "PATH"]);
    expect(DEFAULT_RUN_ENV).toEqual(["PATH", "LANG", "HOME", "TZ"]);
  });

  it("says so when the program is not installed", async () => {
    const result = await runRunbook(
      { kind: "exec", argv: ["firebreak-no-such-program", "x"], env: [] },
      { timeoutMs: 5000, secrets: [] },
    );
    expect(result).toMatchObject({
      exitCode: null,
      timedOut: false,
      output: "",
      error: "firebreak-no-such-program is not installed on this host",
    });
  });

  it("kills the program and its children on timeout", async () => {
    const script = `
      const child = require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      process.stdout.write(JSON.stringify([process.pid, child.pid]) + "\\n");
      setInterval(() => {}, 1000);`;
    const started = Date.now();
    const result = await runRunbook(node(script), { timeoutMs: 700, secrets: [] });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.error).toBe("timed out after 0.7s: stopped it and everything it started");
    const pids = JSON.parse(result.output) as number[];
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(await eventually(() => !isRunning(pid))).toBe(true);
  });

  it("kills what the program left behind when it exits", async () => {
    const script = `
      const child = require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      process.stdout.write(String(child.pid));
      child.unref();`;
    const result = await runRunbook(node(script), { timeoutMs: 5000, secrets: [] });
    expect(result.exitCode).toBe(0);
    expect(await eventually(() => !isRunning(Number(result.output)))).toBe(true);
  });

  it("stops the program and its children when cancelled", async () => {
    const script = `
      const child = require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      process.stdout.write(JSON.stringify([process.pid, child.pid]) + "\\n");
      setInterval(() => {}, 1000);`;
    const controller = new AbortController();
    const running = runRunbook(node(script), {
      timeoutMs: 10_000,
      secrets: [],
      signal: controller.signal,
      onOutput: () => controller.abort(),
    });
    const result = await running;
    expect(result).toMatchObject({
      timedOut: false,
      exitCode: null,
      error: "cancelled: stopped it and everything it started",
    });
    const pids = JSON.parse(result.output) as number[];
    for (const pid of pids) expect(await eventually(() => !isRunning(pid))).toBe(true);
  });

  it("caps a chatty program's output and stops it", async () => {
    const chunks: string[] = [];
    const started = Date.now();
    const result = await runRunbook(
      { kind: "exec", argv: ["yes", "firebreak"], env: [] },
      { timeoutMs: 10_000, secrets: [], onOutput: (chunk) => chunks.push(chunk) },
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBeNull();
    expect(result.error).toBe("output passed 65536 bytes: stopped it");
    const [kept = "", note = ""] = result.output.split("\n[output truncated: ");
    expect(Buffer.byteLength(kept)).toBe(64 * 1024);
    expect(kept.startsWith("firebreak\nfirebreak\n")).toBe(true);
    expect(note).toMatch(/^\d+ bytes dropped\]$/);
    expect(chunks.join("")).toBe(result.output);
  });

  it("honours a smaller cap", async () => {
    const result = await runRunbook(node("process.stdout.write('x'.repeat(5000))"), {
      timeoutMs: 5000,
      maxOutputBytes: 1000,
      secrets: [],
    });
    expect(result.output).toBe(`${"x".repeat(1000)}\n[output truncated: 4000 bytes dropped]`);
  });

  it("never shows a referenced secret or a token shape, even split across writes", async () => {
    const secret = "hunter2-correct-horse-battery";
    const script = `
      const secret = process.env.DB_PASSWORD;
      process.stdout.write("password is " + secret.slice(0, 7));
      setTimeout(() => {
        process.stdout.write(secret.slice(7) + "\\n");
        console.log(${JSON.stringify(SLACK)});
        console.error("auth: Bearer " + ${JSON.stringify(GITHUB)});
        console.log(${JSON.stringify(JWT)});
        console.log("done");
      }, 100);`;
    const chunks: string[] = [];
    const result = await runRunbook(
      { ...node(script), env: ["DB_PASSWORD"] },
      {
        timeoutMs: 5000,
        secrets: [secret],
        sourceEnv: { PATH: process.env.PATH, DB_PASSWORD: secret },
        onOutput: (chunk) => chunks.push(chunk),
      },
    );
    expect(result.exitCode).toBe(0);
    const streamed = chunks.join("");
    for (const text of [result.output, streamed]) {
      for (const hidden of [secret, "hunter2", SLACK, GITHUB, JWT])
        expect(text).not.toContain(hidden);
      expect(text).toContain("done");
    }
    // stdout and stderr interleave as they arrive, so compare the lines, not their order.
    expect(result.output.split("\n").sort()).toEqual([
      "",
      "[redacted]",
      "[redacted]",
      "auth: Bearer [redacted]",
      "done",
      "password is [redacted]",
    ]);
  });

  it("keeps secrets out of error messages", async () => {
    const secret = "token-in-the-program-path-98765";
    const result = await runRunbook(
      { kind: "exec", argv: [`/nonexistent/${secret}`], env: [] },
      { timeoutMs: 5000, secrets: [secret] },
    );
    expect(result.error).toBe("/nonexistent/[redacted] is not installed on this host");
  });

  it("runs no more commands at once than the limiter allows", async () => {
    const limiter = createRunLimiter(2);
    const script =
      "const s = Date.now(); setTimeout(() => process.stdout.write(JSON.stringify([s, Date.now()])), 300)";
    const runs = Array.from({ length: 5 }, () =>
      runRunbook(node(script), { timeoutMs: 5000, secrets: [], limiter }),
    );
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(3);
    const spans = (await Promise.all(runs)).map(
      (result) => JSON.parse(result.output) as [number, number],
    );
    for (const [start] of spans) {
      const overlapping = spans.filter(([s, e]) => s <= start && start < e).length;
      expect(overlapping).toBeLessThanOrEqual(2);
    }
    expect(limiter.active).toBe(0);
    expect(limiter.waiting).toBe(0);
  });
});
