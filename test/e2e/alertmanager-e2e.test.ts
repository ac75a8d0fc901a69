import { type ChildProcessByStdio, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Alertmanager,
  startAlertmanager,
  type TestAlert,
  waitFor,
} from "./helpers/alertmanager.ts";
import { requireTool } from "./helpers/external-tools.ts";
import { freePort } from "./helpers/free-port.ts";

/**
 * End to end against the real Prometheus Alertmanager (Debian's prometheus-alertmanager): alerts
 * posted to its API reach `firebreak serve` through its webhook, with its grouping, its payloads,
 * its bearer token and its retries when Firebreak is down.
 */

const BIN = join(import.meta.dirname, "..", "..", "bin", "firebreak.js");
const run = promisify(execFile);
const TOKEN = `e2e-${randomBytes(12).toString("hex")}`;
const GROUP_INTERVAL_MS = 2_000;
/** Alertmanager runs in a zone with a half-hour offset, so the times it stamps are not in UTC. */
const ALERTMANAGER_TZ = "Asia/Kolkata";
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

interface IncidentJson {
  number: number;
  ref: string;
  title: string;
  status: string;
  severity: number;
  service: string | null;
  alerts: number;
  resolvedAt: string | null;
}

interface EntryJson {
  id: number;
  incident: number;
  occurredAt: string;
  recordedAt: string;
  kind: string;
  text: string;
  actor: string;
  actorId: string;
}

// Whole seconds plus a fixed fraction, so the exact text Alertmanager sends back is predictable.
const base = Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000;
const NOVA_CTL1_STARTS = new Date(base + 123).toISOString();
const NOVA_CTL2_STARTS = new Date(base + 30_000 + 456).toISOString();
const CINDER_STARTS = new Date(base + 60_000 + 789).toISOString();

const novaAnnotations = {
  summary: "Nova API p99 latency above 2s",
  runbook_url: "https://runbooks.example.org/nova-api-latency",
};
const novaCtl1: TestAlert = {
  labels: {
    alertname: "NovaApiHighLatency",
    instance: "ctl-1:8774",
    service: "nova-api",
    severity: "critical",
    region: "eu-de-1",
  },
  annotations: novaAnnotations,
  startsAt: NOVA_CTL1_STARTS,
  generatorURL: "http://prometheus.example.org:9090/graph?g0.expr=nova",
};
const novaCtl2: TestAlert = {
  labels: { ...novaCtl1.labels, instance: "ctl-2:8774" },
  annotations: novaAnnotations,
  startsAt: NOVA_CTL2_STARTS,
};
const cinder: TestAlert = {
  labels: {
    alertname: "CinderVolumeAttachErrors",
    instance: "blk-1:8776",
    service: "cinder-volume",
    severity: "warning",
    region: "eu-de-1",
  },
  annotations: { summary: "Cinder volume attachments failing" },
  startsAt: CINDER_STARTS,
};
// No startsAt: Alertmanager stamps these itself, in its own time zone, with nanoseconds.
const neutronNet1: TestAlert = {
  labels: {
    alertname: "NeutronL3AgentDown",
    instance: "net-1:9696",
    service: "neutron",
    severity: "error",
    region: "eu-de-1",
  },
  annotations: { summary: "Neutron L3 agent down" },
};
const neutronNet2: TestAlert = {
  labels: { ...neutronNet1.labels, instance: "net-2:9696" },
  annotations: { summary: "Neutron L3 agent down" },
};

interface Firebreak {
  readonly process: ChildProcessByStdio<null, Readable, Readable>;
  readonly startedAt: number;
  stdout(): string;
  stderr(): string;
  /** SIGTERM; resolves with the exit code (SIGKILL and null if it does not stop in time). */
  stop(): Promise<number | null>;
}

const binary = requireTool("alertmanager", import.meta.url);

describe.skipIf(binary === undefined)("Firebreak with the real Prometheus Alertmanager", () => {
  let dataDir: string;
  let port: number;
  let alertmanager: Alertmanager | undefined;
  const started: Firebreak[] = [];
  let firebreak: Firebreak;
  let novaNumber = 0;
  let cinderNumber = 0;

  const env = (): NodeJS.ProcessEnv => {
    const vars: NodeJS.ProcessEnv = {
      ...process.env,
      FIREBREAK_DATA_DIR: dataDir,
      FIREBREAK_HOST: "127.0.0.1",
      FIREBREAK_PORT: String(port),
      FIREBREAK_WEBHOOK_TOKEN: TOKEN,
      FIREBREAK_LOG_LEVEL: "warn",
    };
    delete vars.FIREBREAK_CONFIG;
    return vars;
  };

  const context = (): string =>
    [
      ...started.map(
        (fb, i) => `firebreak serve #${i + 1} stdout:\n${fb.stdout()}\nstderr:\n${fb.stderr()}`,
      ),
      `alertmanager log:\n${alertmanager?.logs() ?? "(not started)"}`,
    ].join("\n");

  async function cli(...args: string[]): Promise<string> {
    try {
      const { stdout } = await run(process.execPath, [BIN, ...args], { env: env(), cwd: dataDir });
      return stdout;
    } catch (error) {
      const failed = error as { code?: number; stderr?: string };
      throw new Error(`firebreak ${args.join(" ")} exited ${failed.code}: ${failed.stderr}`);
    }
  }
  const incidents = async () =>
    (JSON.parse(await cli("incidents", "--json")) as IncidentJson[]).sort(
      (a, b) => a.number - b.number,
    );
  const timeline = async (number: number) =>
    JSON.parse(await cli("timeline", String(number), "--json")) as EntryJson[];

  async function startFirebreak(): Promise<Firebreak> {
    const startedAt = Date.now();
    const child = spawn(process.execPath, [BIN, "serve"], {
      env: env(),
      cwd: dataDir,
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
    const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const fb: Firebreak = {
      process: child,
      startedAt,
      stdout: () => stdout,
      stderr: () => stderr,
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        const code = await exit;
        clearTimeout(timer);
        return code;
      },
    };
    started.push(fb);
    await waitFor(
      `firebreak serve to listen on 127.0.0.1:${port}`,
      () => {
        if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${stderr}`);
        return stdout.includes(`Firebreak listens on http://127.0.0.1:${port} `) ? true : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 25, context },
    );
    return fb;
  }

  const waitForOutput = (fb: Firebreak, ...expected: string[]) =>
    waitFor(
      `firebreak serve to print ${JSON.stringify(expected)}`,
      () => (expected.every((text) => fb.stdout().includes(text)) ? true : undefined),
      { timeoutMs: 15_000, intervalMs: 50, context },
    );

  const count = (text: string, part: string) => text.split(part).length - 1;

  // A setup failure fails every test with its message, rather than leaving them skipped.
  let setupError: unknown;
  const alertmanagerReady = (): Alertmanager => {
    if (setupError) throw setupError;
    if (!alertmanager) throw new Error("Alertmanager did not start");
    return alertmanager;
  };

  beforeAll(async () => {
    try {
      dataDir = mkdtempSync(join(tmpdir(), "firebreak-am-e2e-"));
      port = await freePort();
      alertmanager = await startAlertmanager({
        webhookUrl: `http://127.0.0.1:${port}/webhooks/alertmanager`,
        bearerToken: TOKEN,
        groupBy: ["alertname"],
        groupWait: "1s",
        groupInterval: `${GROUP_INTERVAL_MS / 1000}s`,
        timeZone: ALERTMANAGER_TZ,
      });
      firebreak = await startFirebreak();
    } catch (error) {
      setupError = error;
    }
  }, 30_000);

  afterAll(async () => {
    try {
      await Promise.allSettled(started.map((fb) => fb.stop()));
      await alertmanager?.stop();
    } finally {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }, 20_000);

  it("runs its own Alertmanager with the generated config, and Firebreak demands the token", async () => {
    const am = alertmanagerReady();
    expect(am.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(am.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(am.url).not.toBe("http://127.0.0.1:9093"); // never the Debian package's service
    const loaded = await am.loadedConfig();
    expect(loaded).toContain(`http://127.0.0.1:${port}/webhooks/alertmanager`);
    expect(loaded).toContain("send_resolved: true");
    expect(loaded).toContain("type: Bearer");

    // Without the bearer token Firebreak refuses, so every delivery below proves http_config works.
    const anonymous = await fetch(`http://127.0.0.1:${port}/webhooks/alertmanager`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(anonymous.status).toBe(401);
  });

  it("turns two Alertmanager groups into exactly two incidents, each with its room", async () => {
    const am = alertmanagerReady();
    await am.fire(novaCtl1, novaCtl2, cinder);

    // Each incident's room opens with its summary message. Alertmanager flushes its groups
    // independently, so either incident may be INC-1.
    const [nova, cinderIncident] = await waitFor(
      "both incident rooms to open",
      () => {
        const out = firebreak.stdout();
        const room = (summary: string) =>
          new RegExp(`^\\[inc-(\\d+)\\] firebreak: \\*INC-\\1\\* · ${summary}$`, "m").exec(
            out,
          )?.[1];
        const novaRoom = room("SEV1 · investigating — Nova API p99 latency above 2s");
        const cinderRoom = room("SEV3 · investigating — Cinder volume attachments failing");
        return novaRoom && cinderRoom ? [Number(novaRoom), Number(cinderRoom)] : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 50, context },
    );
    novaNumber = nova ?? 0;
    cinderNumber = cinderIncident ?? 0;
    expect([novaNumber, cinderNumber].sort((a, b) => a - b)).toEqual([1, 2]);
    expect(count(firebreak.stdout(), "[inc-1] firebreak: *INC-1*")).toBe(1);
    expect(count(firebreak.stdout(), "[inc-2] firebreak: *INC-2*")).toBe(1);

    const [listed, novaTimeline, cinderTimeline] = await waitFor(
      "two incidents holding three alerts",
      async () => {
        const read = await Promise.all([incidents(), timeline(novaNumber), timeline(cinderNumber)]);
        const all = read[0];
        return all.length === 2 && all.reduce((sum, i) => sum + i.alerts, 0) === 3
          ? read
          : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200, context },
    );
    expect(listed.find((i) => i.number === novaNumber)).toMatchObject({
      title: "Nova API p99 latency above 2s",
      status: "investigating",
      severity: 1,
      service: "nova-api",
      alerts: 2,
      resolvedAt: null,
    });
    expect(listed.find((i) => i.number === cinderNumber)).toMatchObject({
      title: "Cinder volume attachments failing",
      status: "investigating",
      severity: 3,
      service: "cinder-volume",
      alerts: 1,
      resolvedAt: null,
    });

    // The alerts' own start times, exactly as Alertmanager sent them, come first on the timeline.
    expect(novaTimeline.map((e) => [e.kind, e.occurredAt, e.actor])).toEqual([
      ["alert_fired", NOVA_CTL1_STARTS, "Alertmanager"],
      ["alert_fired", NOVA_CTL2_STARTS, "Alertmanager"],
      ["declared", expect.stringMatching(UTC_ISO), "Alertmanager"],
    ]);
    expect(cinderTimeline.map((e) => [e.kind, e.occurredAt])).toEqual([
      ["alert_fired", CINDER_STARTS],
      ["declared", expect.stringMatching(UTC_ISO)],
    ]);
  }, 30_000);

  it("records Alertmanager's resolves and says when every alert has resolved, leaving the incident open", async () => {
    const am = alertmanagerReady();
    const resolvedAt = (entries: EntryJson[], instance: string) =>
      entries.find((e) => e.kind === "alert_resolved" && e.text.includes(`(${instance})`));

    // One of two: recorded, but not everything has resolved yet.
    const ctl1EndsAt = await am.resolve(novaCtl1);
    await waitFor(
      `the resolve of ctl-1 on INC-${novaNumber}`,
      async () => (resolvedAt(await timeline(novaNumber), "ctl-1:8774") ? true : undefined),
      { timeoutMs: 10_000, intervalMs: 200, context },
    );

    const ctl2EndsAt = await am.resolve(novaCtl2);
    await waitForOutput(
      firebreak,
      `[inc-${novaNumber}] firebreak: Every alert of INC-${novaNumber} has resolved.`,
    );
    // Said once, after the second resolve: the first one left an alert firing.
    expect(count(firebreak.stdout(), `Every alert of INC-${novaNumber} has resolved`)).toBe(1);

    const [entries, listed] = await waitFor(
      `two alert_resolved entries on INC-${novaNumber}`,
      async () => {
        const read = await Promise.all([timeline(novaNumber), incidents()]);
        return read[0].filter((e) => e.kind === "alert_resolved").length === 2 ? read : undefined;
      },
      { timeoutMs: 5_000, intervalMs: 200, context },
    );
    const ctl1 = resolvedAt(entries, "ctl-1:8774");
    const ctl2 = resolvedAt(entries, "ctl-2:8774");
    expect(ctl1?.text).toBe(
      "Alert resolved: NovaApiHighLatency (ctl-1:8774) — Nova API p99 latency above 2s",
    );
    expect(ctl1?.actor).toBe("Alertmanager");
    // occurredAt is the endsAt posted to Alertmanager's API, as Alertmanager sent it on, in UTC.
    expect(ctl1?.occurredAt).toMatch(UTC_ISO);
    expect(Date.parse(ctl1?.occurredAt ?? "")).toBe(Date.parse(ctl1EndsAt));
    expect(ctl2?.occurredAt).toMatch(UTC_ISO);
    expect(Date.parse(ctl2?.occurredAt ?? "")).toBe(Date.parse(ctl2EndsAt));

    // No autoResolve by default: an alert that stopped firing is not a fixed system.
    expect(listed.find((i) => i.number === novaNumber)).toMatchObject({
      status: "investigating",
      resolvedAt: null,
      alerts: 2,
    });
    expect(listed.find((i) => i.number === cinderNumber)).toMatchObject({
      status: "investigating",
      alerts: 1,
    });
    expect(firebreak.stdout()).not.toContain(`Every alert of INC-${cinderNumber}`);

    // Firebreak took every payload Alertmanager sent: none failed or was retried.
    expect(await am.webhookCounter("alertmanager_notifications_total")).toBeGreaterThanOrEqual(4);
    expect(await am.webhookCounter("alertmanager_notifications_failed_total")).toBe(0);
    expect(am.logs()).not.toContain("Notify attempt failed");
  }, 30_000);

  it("gets what Alertmanager sent while Firebreak was down after a restart, once", async () => {
    const am = alertmanagerReady();
    const [before, novaBefore, cinderBefore] = await Promise.all([
      incidents(),
      timeline(novaNumber),
      timeline(cinderNumber),
    ]);

    expect(await firebreak.stop()).toBe(0);
    const failuresBefore = am.countInLogs("Notify attempt failed");

    // While Firebreak is down: one group resolves, a new group fires.
    const cinderEndsAt = await am.resolve(cinder);
    const firedAt = Date.now();
    await am.fire(neutronNet1, neutronNet2);

    // Both groups' deliveries fail (connection refused) and Alertmanager keeps retrying them.
    await waitFor(
      "Alertmanager to fail delivering both groups",
      () => (am.countInLogs("Notify attempt failed") >= failuresBefore + 2 ? true : undefined),
      { timeoutMs: 10_000, intervalMs: 50, context },
    );
    expect(am.logs()).toContain(`dial tcp 127.0.0.1:${port}: connect: connection refused`);

    firebreak = await startFirebreak();
    const restartedAt = firebreak.startedAt;

    await waitForOutput(
      firebreak,
      "[inc-3] firebreak: *INC-3* · SEV2 · investigating — Neutron L3 agent down",
      `[inc-${cinderNumber}] firebreak: Every alert of INC-${cinderNumber} has resolved.`,
    );

    // Give Alertmanager one more group interval to send anything it still holds, then compare.
    await new Promise((resolve) => setTimeout(resolve, GROUP_INTERVAL_MS + 500));
    const [after, novaAfter, cinderAfter, neutron] = await Promise.all([
      incidents(),
      timeline(novaNumber),
      timeline(cinderNumber),
      timeline(3),
    ]);
    expect(after.map((i) => [i.number, i.title, i.status, i.alerts])).toEqual([
      ...before.map((i) => [i.number, i.title, "investigating", i.alerts]),
      [3, "Neutron L3 agent down", "investigating", 2],
    ]);
    expect(after.find((i) => i.number === 3)).toMatchObject({ severity: 2, service: "neutron" });

    // Nothing new for the incident Alertmanager had nothing new about.
    expect(novaAfter).toEqual(novaBefore);

    // Exactly one new entry for the group resolved while Firebreak was down, recorded after restart.
    expect(cinderAfter.slice(0, cinderBefore.length)).toEqual(cinderBefore);
    const cinderNew = cinderAfter.slice(cinderBefore.length);
    expect(cinderNew.map((e) => [e.kind, e.text])).toEqual([
      [
        "alert_resolved",
        "Alert resolved: CinderVolumeAttachErrors (blk-1:8776) — Cinder volume attachments failing",
      ],
    ]);
    expect(Date.parse(cinderNew[0]?.occurredAt ?? "")).toBe(Date.parse(cinderEndsAt));
    expect(Date.parse(cinderNew[0]?.recordedAt ?? "")).toBeGreaterThanOrEqual(restartedAt);

    // The group fired while Firebreak was down: times Alertmanager stamped in its own zone
    // (with nanoseconds) come out in UTC, and everything was recorded after the restart.
    expect(neutron.map((e) => e.kind).sort()).toEqual(["alert_fired", "alert_fired", "declared"]);
    for (const entry of neutron) {
      expect(entry.occurredAt).toMatch(UTC_ISO);
      expect(Date.parse(entry.recordedAt)).toBeGreaterThanOrEqual(restartedAt);
    }
    for (const fired of neutron.filter((e) => e.kind === "alert_fired")) {
      const at = Date.parse(fired.occurredAt);
      expect(at).toBeGreaterThanOrEqual(firedAt - 1_000);
      expect(at).toBeLessThan(restartedAt);
    }

    // No entry twice, on any incident.
    const everything = [...novaAfter, ...cinderAfter, ...neutron];
    const ids = everything.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = everything.map((e) => `${e.incident}|${e.kind}|${e.occurredAt}|${e.text}`);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);

    // Alertmanager failed only while nobody listened: Firebreak never refused a payload.
    const failures = am
      .logs()
      .split("\n")
      .filter((line) => /Notify .*failed/.test(line));
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures.filter((line) => !line.includes("connect: connection refused"))).toEqual([]);

    // And nothing said twice in the rooms: the restarted bot only spoke about what was new.
    const said = firebreak.stdout();
    expect(count(said, "[inc-3] firebreak: *INC-3*")).toBe(1);
    expect(count(said, `Every alert of INC-${cinderNumber} has resolved`)).toBe(1);
    expect(said).not.toContain(`[inc-${novaNumber}]`);
  }, 40_000);
});
