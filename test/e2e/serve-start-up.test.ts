import { type ChildProcessByStdio, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import type { Config } from "../../src/config/config.ts";
import { loadConfig } from "../../src/config/config.ts";
import { manualClock } from "../../src/core/clock.ts";
import { FIREBREAK_BIN, serveEnv } from "./helpers/firebreak-serve.ts";
import { oneErrorLine, runCli } from "./helpers/run-cli.ts";

/**
 * Issue 14, defect 4: a whitespace-only FIREBREAK_WEBHOOK_TOKEN let `serve` bind 0.0.0.0 (and a
 * one-space Basic password then passed), while the banner claimed 127.0.0.1.
 */

const STRONG = "wh-0123456789abcdef";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "firebreak-start-up-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("serve refuses a webhook token too weak to protect the webhooks", () => {
  for (const [why, token] of [
    ["whitespace only", " "],
    ["empty", ""],
    ["15 characters", "abcdefghijklmno"],
  ] as const) {
    it(`refuses a token that is ${why}, even where a token is required: one line, exit 1`, async () => {
      const result = await runCli(
        ["serve"],
        {
          FIREBREAK_HOST: "0.0.0.0",
          FIREBREAK_PORT: "0",
          FIREBREAK_DATA_DIR: dir,
          FIREBREAK_WEBHOOK_TOKEN: token,
        },
        { cwd: dir, timeoutMs: 10_000 },
      );
      const line = oneErrorLine(result);
      expect(line).toMatch(
        /^firebreak: FIREBREAK_WEBHOOK_TOKEN .*at least 16 printable ASCII characters/,
      );
      expect(result.stdout).not.toContain("listens on");
      if (token.trim()) expect(line).not.toContain(token);
    });
  }

  it("refuses the same tokens when an app is built directly, before anything listens", () => {
    for (const token of [
      " ",
      "\t".repeat(20),
      `${"a".repeat(20)} `,
      "tøken-with-non-ascii-1234",
      "short",
    ]) {
      const config = {
        ...loadConfig({ cwd: dir }, {}),
        dataDir: dir,
        port: 0,
        webhookToken: token,
      };
      expect(() =>
        createApp({
          config,
          clock: manualClock("2026-11-18T09:12:40Z"),
          chats: [],
          log: pino({ level: "silent" }),
        }),
      ).toThrow(/FIREBREAK_WEBHOOK_TOKEN .*at least 16/);
    }
  });
});

describe("createApp refuses what serve refuses, before it opens the database", () => {
  let root: string;
  let commandsDir: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "firebreak-policy-"));
    commandsDir = join(root, "commands");
    mkdirSync(commandsDir);
    writeFileSync(
      join(commandsDir, "uptime.yaml"),
      'name: uptime\ndescription: Shows the load.\nexec: ["uptime"]\n',
    );
    writeFileSync(join(commandsDir, "broken.yaml"), "name: broken\n");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const build = (dataDir: string, overrides: Partial<Config>, log = pino({ level: "silent" })) =>
    createApp({
      config: { ...loadConfig({ cwd: root }, {}), dataDir, port: 0, ...overrides },
      clock: manualClock("2026-11-18T09:12:40Z"),
      chats: [],
      log,
    });

  it("an address beyond loopback without a webhook token", () => {
    const dataDir = join(root, "unsafe-bind");
    expect(() => build(dataDir, { host: "0.0.0.0", webhookToken: undefined })).toThrow(
      /^Refusing to listen on 0\.0\.0\.0 without FIREBREAK_WEBHOOK_TOKEN/,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it("an invalid commands folder, naming file, key and problem, as serve does", async () => {
    const dataDir = join(root, "invalid-commands");
    expect(() => build(dataDir, { commandsDir })).toThrow(
      `The runbook commands folder has problems (set runbook.skipInvalid: true to start anyway, skipping them):\n  ${join(commandsDir, "broken.yaml")}: description: is required`,
    );
    expect(existsSync(dataDir)).toBe(false);
    const served = await runCli(
      ["serve"],
      { FIREBREAK_PORT: "0", FIREBREAK_DATA_DIR: dataDir, FIREBREAK_COMMANDS_DIR: commandsDir },
      { cwd: root, timeoutMs: 10_000 },
    );
    expect(served.code).toBe(1);
    expect(served.stderr).toMatch(/^firebreak: The runbook commands folder has problems/);
    expect(served.stderr).toContain(`${join(commandsDir, "broken.yaml")}: description:`);
    expect(served.stdout).not.toContain("listens on");
    expect(existsSync(dataDir)).toBe(false);
  });

  it("starts with runbook.skipInvalid, skipping the invalid files and logging each", async () => {
    const lines: string[] = [];
    const log = pino({ level: "warn" }, { write: (line: string) => lines.push(line) });
    const app = build(join(root, "skip-invalid"), { commandsDir, runbookSkipInvalid: true }, log);
    await app.stop();
    const warnings = lines.map((line) => JSON.parse(line) as { msg: string; file: string });
    expect(warnings).toEqual([
      expect.objectContaining({
        file: join(commandsDir, "broken.yaml"),
        msg: expect.stringMatching(/^runbook command skipped: is required/),
      }),
    ]);
  });
});

describe("the start-up banner and log name the address really bound", () => {
  let child: ChildProcessByStdio<null, Readable, Readable> | undefined;
  afterAll(() => {
    child?.kill("SIGKILL");
  });

  it("says 0.0.0.0 when serve listens on every interface", async () => {
    child = spawn(process.execPath, [FIREBREAK_BIN, "serve"], {
      env: serveEnv({
        dataDir: dir,
        port: 0,
        token: STRONG,
        env: { FIREBREAK_HOST: "0.0.0.0", FIREBREAK_LOG_LEVEL: "info" },
      }),
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    for (let i = 0; i < 500 && !stdout.includes("listens on"); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const banner = /listens on (http:\/\/\S+?:(\d+)) /.exec(stdout);
    expect(banner?.[1], `${stdout}\n${stderr}`).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    const running = stderr
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { msg?: string; address?: string })
      .find((entry) => entry.msg === "firebreak is running");
    expect(running?.address).toBe(banner?.[1]);
    // And it does listen there: the loopback interface is one of "every interface".
    const health = await fetch(`http://127.0.0.1:${banner?.[2]}/healthz`);
    expect(health.status).toBe(200);
    child.kill("SIGTERM");
    await new Promise((resolve) => child?.once("exit", resolve));
    child = undefined;
  });
});
