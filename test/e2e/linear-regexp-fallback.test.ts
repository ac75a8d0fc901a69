import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/run-cli.ts";

/**
 * The linear-time fallback for patterns people configure is a process-wide V8 setting
 * (src/process-settings.ts) that createApp and the CLI switch on before they load config or
 * runbooks. The tests' own workers have it from test/setup/process-settings.ts, so these run
 * fresh processes: without the setting each would still be backtracking when it is killed.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const HOSTILE = `${"a".repeat(40)}!`;
const run = promisify(execFile);

let dir: string;
let payload: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "firebreak-redos-"));
  writeFileSync(
    join(dir, "firebreak.yaml"),
    ["routes:", "  - name: nested", "    matchers: ['host=~\"(a+)+\"']", ""].join("\n"),
  );
  const fixture = JSON.parse(
    readFileSync(join(ROOT, "test", "fixtures", "alertmanager-firing.json"), "utf8"),
  ) as { alerts: { labels: Record<string, string> }[] };
  fixture.alerts.forEach((alert, i) => {
    alert.labels.host = i === 0 ? HOSTILE : "aaaa";
  });
  payload = join(dir, "payload.json");
  writeFileSync(payload, JSON.stringify(fixture));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a route matcher like host=~(a+)+ against a hostile label, in a fresh process", {
  timeout: 30_000,
}, () => {
  it("`firebreak routes test` answers", async () => {
    const result = await runCli(
      ["routes", "test", payload, "--json"],
      {},
      {
        cwd: dir,
        timeoutMs: 20_000,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const routed = JSON.parse(result.stdout) as { route: string }[];
    expect(routed.map((alert) => alert.route)).toEqual(["default", "nested"]);
  });

  it("an app built by createApp takes the alert", async () => {
    // The config (and its matcher) is loaded before createApp runs: V8 compiles a RegExp when it
    // first runs, so the setting still covers it.
    const script = `
      import { pino } from "pino";
      import { createApp } from "./src/app.ts";
      import { loadConfig } from "./src/config/config.ts";
      import { manualClock } from "./src/core/clock.ts";
      const dir = process.env.REDOS_DIR;
      const config = { ...loadConfig({ cwd: dir }, {}), dataDir: dir, port: 0 };
      const app = createApp({
        config,
        clock: manualClock("2026-11-18T09:13:00Z"),
        chats: [],
        log: pino({ level: "silent" }),
      });
      const payload = JSON.parse(process.env.REDOS_PAYLOAD);
      payload.alerts = payload.alerts.slice(0, 1);
      const response = await app.http.inject({
        method: "POST",
        url: "/webhooks/alertmanager",
        payload,
      });
      const incidents = app.store.incidents.list();
      await app.stop();
      console.log(JSON.stringify({ status: response.statusCode, routes: incidents.map((i) => i.route) }));
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: ROOT,
      env: { ...process.env, REDOS_DIR: dir, REDOS_PAYLOAD: readFileSync(payload, "utf8") },
      timeout: 20_000,
      killSignal: "SIGKILL",
    });
    expect(JSON.parse(stdout)).toEqual({ status: 200, routes: ["default"] });
  });
});
