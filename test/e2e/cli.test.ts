import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.ts";
import { makeIncident, withoutNumber } from "../helpers/make-incident.ts";

const BIN = join(import.meta.dirname, "..", "..", "bin", "firebreak.js");
const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function firebreak(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, FIREBREAK_LOG_LEVEL: "warn", ...env },
      cwd,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("firebreak CLI", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-cli-"));
    const demo = await firebreak(["demo", "--out", join(dir, "demo")], {}, dir);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain("Postmortem:       demo/postmortems/INC-1.md");
    expect(demo.stdout).toContain("Incident site:    demo/site/index.html");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--help lists every subcommand", async () => {
    const { stdout, code } = await firebreak(["--help"]);
    expect(code).toBe(0);
    for (const sub of [
      "serve",
      "demo",
      "incidents",
      "timeline",
      "postmortem",
      "lint",
      "site",
      "commands",
      "routes",
      "outbox",
      "migrate",
    ]) {
      expect(stdout).toMatch(new RegExp(`^\\s+${sub}\\b`, "m"));
    }
    for (const form of ["site build", "commands check", "routes test"])
      expect(stdout).toContain(form);
  });

  it("incidents --json prints the contract's fields", async () => {
    const { stdout, code } = await firebreak(["incidents", "--json"], {
      FIREBREAK_DATA_DIR: join(dir, "demo"),
    });
    expect(code).toBe(0);
    const incidents = JSON.parse(stdout);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      number: 1,
      title: "Nova API p99 latency above 2s",
      status: "closed",
      severity: 2,
      private: false,
      alerts: 2,
      openedAt: "2026-11-18T09:12:40.000Z",
      resolvedAt: "2026-11-18T10:02:30.000Z",
    });
  });

  it("incidents prints a readable table", async () => {
    const { stdout } = await firebreak(["incidents"], { FIREBREAK_DATA_DIR: join(dir, "demo") });
    expect(stdout).toMatch(/^INCIDENT\s+SEV\s+STATUS/);
    expect(stdout).toMatch(
      /INC-1\s+SEV2\s+closed\s+2026-11-18 09:12:40 UTC\s+alice\s+Nova API p99 latency above 2s/,
    );
  });

  it("timeline --json accepts 1 or INC-1 and gives occurredAt, kind, text, actor", async () => {
    const env = { FIREBREAK_DATA_DIR: join(dir, "demo") };
    const byNumber = JSON.parse((await firebreak(["timeline", "1", "--json"], env)).stdout);
    const byRef = JSON.parse((await firebreak(["timeline", "INC-1", "--json"], env)).stdout);
    expect(byRef).toEqual(byNumber);
    expect(byNumber[0]).toMatchObject({
      occurredAt: "2026-11-18T09:12:03.123Z",
      kind: "alert_fired",
      actor: "Alertmanager",
    });
    expect(byNumber.find((entry: { kind: string }) => entry.kind === "resolved")).toMatchObject({
      kind: "resolved",
      actor: "alice",
      text: expect.stringContaining("Resolved: Nova API latency normal"),
    });
  });

  it("timeline without --json prints one line per entry", async () => {
    const { stdout } = await firebreak(["timeline", "1"], {
      FIREBREAK_DATA_DIR: join(dir, "demo"),
    });
    expect(stdout).toContain("  09:16:02  bob: Acknowledged");
  });

  it("postmortem prints Markdown, or writes it with --out", async () => {
    const env = { FIREBREAK_DATA_DIR: join(dir, "demo") };
    const printed = await firebreak(["postmortem", "INC-1"], env);
    expect(printed.stdout).toMatch(/^# INC-1: Nova API p99 latency above 2s/);
    const file = join(dir, "pm", "inc-1.md");
    const written = await firebreak(["postmortem", "1", "--out", file], env);
    expect(written.stdout).toContain(`Wrote the postmortem draft of INC-1 to ${file}`);
    expect(readFileSync(file, "utf8")).toContain("## Timeline");
  });

  it("says clearly when an incident does not exist or is mistyped", async () => {
    const env = { FIREBREAK_DATA_DIR: join(dir, "demo") };
    const missing = await firebreak(["timeline", "99"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("firebreak: There is no INC-99");
    const mistyped = await firebreak(["postmortem", "latest"], env);
    expect(mistyped.code).toBe(1);
    expect(mistyped.stderr).toContain(
      '"latest" is not an incident: use its number, like 42 or INC-42.',
    );
  });

  it("migrate creates the database in FIREBREAK_DATA_DIR", async () => {
    const data = join(dir, "fresh");
    const { stdout, code } = await firebreak(["migrate"], { FIREBREAK_DATA_DIR: data });
    expect(code).toBe(0);
    expect(stdout).toContain(`Database ${join(data, "firebreak.db")} is up to date.`);
    expect(existsSync(join(data, "firebreak.db"))).toBe(true);
  });

  it("outbox lists what chat was not told and what was given up; retry puts it back in line", async () => {
    const data = join(dir, "outbox");
    const store = openSqliteStore(data);
    const { number } = store.incidents.insert(
      withoutNumber(makeIncident({ openedAt: "2026-11-18T09:00:00Z" })),
    );
    const at = "2026-11-18T09:00:00Z";
    store.outbox.add("slack", { kind: "room_post", incident: number, text: "hi" }, 0, at);
    store.outbox.add("slack", { kind: "post", roomId: "C1", text: "notify" }, 0, at);
    const [refused] = store.outbox.list();
    store.outbox.markStarted(refused?.id ?? 0, 0);
    store.outbox.fail(refused?.id ?? 0, at, "An API error occurred: is_archived");
    store.close();
    const env = { FIREBREAK_DATA_DIR: data };

    const listed = await firebreak(["outbox"], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(
      "#1 slack room_post INC-1: given up at 2026-11-18T09:00:00Z after 1 try — An API error occurred: is_archived",
    );
    expect(listed.stdout).toContain("#2 slack post: waiting");
    expect(listed.stdout).toContain("1 waiting, 1 given up.");

    const retried = await firebreak(["outbox", "retry"], env);
    expect(retried.stdout).toContain("1 chat operation(s) put back in line");
    const json = JSON.parse((await firebreak(["outbox", "--json"], env)).stdout) as {
      id: number;
      failedAt: string | null;
      attempts: number;
    }[];
    expect(json.map((entry) => [entry.id, entry.failedAt, entry.attempts])).toEqual([
      [1, null, 0],
      [2, null, 0],
    ]);
    expect((await firebreak(["outbox", "retry"], env)).stdout).toContain("nothing to retry");
  });

  it("fails at start-up on a bad config file, naming the key", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "server:\n  port: 99999\n");
    const { code, stderr } = await firebreak(["--config", file, "incidents"]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}: server.port:`);
  });
});

describe("firebreak serve", () => {
  let dir: string;
  let child: ChildProcess | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-serve-"));
  });
  afterAll(() => {
    child?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses to listen beyond loopback without a webhook token", async () => {
    const { code, stderr } = await firebreak(["serve"], {
      FIREBREAK_HOST: "0.0.0.0",
      FIREBREAK_DATA_DIR: dir,
    });
    expect(code).toBe(1);
    expect(stderr).toContain("Refusing to listen on 0.0.0.0 without FIREBREAK_WEBHOOK_TOKEN");
  });

  it("opens a console room for an Alertmanager webhook and stops cleanly", async () => {
    const proc = spawn(process.execPath, [BIN, "serve"], {
      env: {
        ...process.env,
        FIREBREAK_PORT: "0",
        FIREBREAK_DATA_DIR: dir,
        FIREBREAK_LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let stdout = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 300 && !pattern.test(stdout); i++)
        await new Promise((r) => setTimeout(r, 20));
      return pattern.exec(stdout);
    };
    const listening = await waitFor(/listens on (http:\/\/127\.0\.0\.1:\d+)/);
    const address = listening?.[1];
    expect(address).toBeDefined();

    const body = readFileSync(
      join(import.meta.dirname, "..", "fixtures", "alertmanager-firing.json"),
    );
    const response = await fetch(`${address}/webhooks/alertmanager`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(200);
    expect(await waitFor(/\[inc-1\] firebreak: \*INC-1\* · SEV1 · investigating/)).not.toBeNull();

    const ready = await fetch(`${address}/readyz`);
    expect(ready.status).toBe(200);

    const exited = new Promise<number | null>((resolve) => proc.once("exit", resolve));
    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    child = undefined;

    const listed = JSON.parse(
      (await firebreak(["incidents", "--json"], { FIREBREAK_DATA_DIR: dir })).stdout,
    );
    expect(listed[0]).toMatchObject({ number: 1, status: "investigating", alerts: 2 });
  });
});

describe("firebreak routes test", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-routes-"));
    writeFileSync(
      join(dir, "firebreak.yaml"),
      [
        "routes:",
        "  - name: storage",
        "    matchers: ['team=\"storage\"']",
        "  - name: compute",
        "    matchers: ['team=\"compute\"', 'severity=~\"critical|page\"']",
        "    invite: ['@alice']",
        "    broadcast: incidents",
        "    groupBy: [alertname]",
        "",
      ].join("\n"),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("shows the route each alert takes and why", async () => {
    const payload = join(import.meta.dirname, "..", "fixtures", "alertmanager-firing.json");
    const { stdout, code } = await firebreak(["routes", "test", payload], {}, dir);
    expect(code).toBe(0);
    expect(stdout).toContain("alertmanager: 2 alerts");
    expect(stdout).toContain('route "storage" does not match: team="storage" (team="compute")');
    expect(stdout).toContain('route "compute" matches (team="compute", severity=~"critical|page")');
    expect(stdout).toContain('group: route:compute:{alertname="NovaApiHighLatency"}');
    expect(stdout).toContain("invite: @alice; broadcast: incidents; autoResolve: no");
  });

  it("recognises other sources, and falls back to the default route", async () => {
    const grafana = join(import.meta.dirname, "..", "fixtures", "grafana-firing.json");
    const [routed] = JSON.parse(
      (await firebreak(["routes", "test", grafana, "--json"], {}, dir)).stdout,
    );
    expect(routed).toMatchObject({
      route: "storage",
      mode: "declare",
      severity: 3,
      service: "cinder",
    });
    const pagerduty = join(import.meta.dirname, "..", "fixtures", "pagerduty-trigger.json");
    const [paged] = JSON.parse(
      (await firebreak(["routes", "test", pagerduty, "--json"], {}, dir)).stdout,
    );
    expect(paged).toMatchObject({ route: "default", severity: 2 });
    expect(paged.reasons.at(-1)).toBe('no route matched: the default route "default" applies');
  });

  it("says why a file is no payload it knows", async () => {
    const file = join(dir, "odd.json");
    writeFileSync(file, '{"hello": "world"}');
    const { code, stderr } = await firebreak(["routes", "test", file], {}, dir);
    expect(code).toBe(1);
    expect(stderr).toContain("No source accepts this payload");
    expect(stderr).toContain('not an Alertmanager v4 payload: version: expected "4"');
  });

  it("names the key of a bad matcher in the config", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "routes:\n  - matchers: ['team~compute']\n");
    const { code, stderr } = await firebreak(
      ["--config", bad, "routes", "test", join(dir, "odd.json")],
      {},
      dir,
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${bad}: routes[0].matchers[0]: "team~compute" is not a label matcher`,
    );
  });
});

describe("firebreak lint and site build", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-lint-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lint exits 1 with file, line, phrase and a rewrite; 0 on clean files", async () => {
    const bad = join(dir, "bad.md");
    const good = join(dir, "good.md");
    writeFileSync(bad, "# Postmortem\n\nThe outage was human error.\n");
    writeFileSync(good, "# Postmortem\n\nThe disk filled up because log rotation was off.\n");
    const failing = await firebreak(["lint", bad, good]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(`${bad}:3: “human error”`);
    expect(failing.stdout).toContain("try: Describe the conditions instead");
    const passing = await firebreak(["lint", good]);
    expect(passing).toMatchObject({ code: 0 });
    expect(passing.stdout).toContain("1 file(s) checked: nothing found.");
  });

  it("site build writes the site of the published postmortems", async () => {
    const demo = join(dir, "demo");
    expect((await firebreak(["demo", "--out", demo], {}, dir)).code).toBe(0);
    const out = join(dir, "public");
    const built = await firebreak(["site", "build", "--out", out], {
      FIREBREAK_DATA_DIR: demo,
      FIREBREAK_POSTMORTEMS_DIR: join(demo, "postmortems"),
    });
    expect(built.stdout).toContain(`Built the incident site in ${out}`);
    expect(readFileSync(join(out, "incidents", "INC-1.html"), "utf8")).toContain(
      "Nova API p99 latency above 2s",
    );
  });
});
