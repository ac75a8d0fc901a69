import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { createConsoleChat } from "../../src/chat/console-chat.ts";
import { loadConfig } from "../../src/config/config.ts";
import { manualClock } from "../../src/core/clock.ts";
import { countingChat } from "./helpers/counting-chat.ts";

const GROUPS = 40;
const ALERTS_PER_GROUP = 100;
const DELIVERIES = 5; // Alertmanager re-sends the whole group as it grows, every group_interval

function payload(group: number, count: number, status: "firing" | "resolved") {
  const groupLabels = { alertname: `HostDown${group}`, region: "eu-de-1" };
  return {
    version: "4",
    groupKey: `{}:{alertname="HostDown${group}", region="eu-de-1"}`,
    status,
    receiver: "firebreak",
    groupLabels,
    commonLabels: { ...groupLabels, severity: "critical" },
    commonAnnotations: { summary: `Hosts of group ${group} are down` },
    externalURL: "http://alertmanager.example.org:9093",
    alerts: Array.from({ length: count }, (_, i) => ({
      status,
      labels: { ...groupLabels, severity: "critical", instance: `host-${group}-${i}` },
      annotations: { summary: `Hosts of group ${group} are down` },
      startsAt: "2026-11-18T09:00:00Z",
      endsAt: status === "firing" ? "0001-01-01T00:00:00Z" : "2026-11-18T09:30:00Z",
      fingerprint: `fp-${group}-${i}`,
    })),
  };
}

describe("an alert storm", () => {
  let dir: string;
  let app: App;
  let address: string;
  let calls: Map<string, number>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-storm-"));
    const counting = countingChat(
      createConsoleChat({
        write: () => {},
        clock: manualClock("2026-11-18T09:00:30Z"),
        room: "general",
        user: "x",
      }),
    );
    calls = counting.calls;
    app = createApp({
      config: { ...loadConfig({ cwd: dir }, {}), dataDir: dir, port: 0 },
      clock: manualClock("2026-11-18T09:00:30Z"),
      chats: [counting.chat],
      log: pino({ level: "silent" }),
      summaryDelayMs: 200,
    });
    address = await app.start();
  });
  afterAll(async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (body: object) =>
    fetch(`${address}/webhooks/alertmanager`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).then((response) => response.status);

  it(`turns ${GROUPS * ALERTS_PER_GROUP} alerts in ${GROUPS} groups into ${GROUPS} incidents, losing none`, async () => {
    for (let delivery = 1; delivery <= DELIVERIES; delivery++) {
      const size = (ALERTS_PER_GROUP * delivery) / DELIVERIES;
      const statuses = await Promise.all(
        Array.from({ length: GROUPS }, (_, group) => send(payload(group, size, "firing"))),
      );
      expect(statuses.every((status) => status === 200)).toBe(true);
    }
    await app.drain();
    const incidents = app.store.incidents.list();
    expect(incidents).toHaveLength(GROUPS);
    const attached = incidents.map(
      (incident) => app.store.alerts.listForIncident(incident.number).length,
    );
    expect(attached.every((count) => count === ALERTS_PER_GROUP)).toBe(true);
    // Each alert fired once on the timeline, however often its group was redelivered.
    const fired = app.store.timeline.list(1).filter((entry) => entry.event.kind === "alert_fired");
    expect(fired).toHaveLength(ALERTS_PER_GROUP);
  });

  it("keeps chat quiet: a bounded number of calls per incident room", async () => {
    await Promise.all(
      Array.from({ length: GROUPS }, (_, group) =>
        send(payload(group, ALERTS_PER_GROUP, "resolved")),
      ),
    );
    await app.drain();
    const perIncident = [...calls.entries()]
      .filter(([room]) => room.startsWith("inc-"))
      .map(([, n]) => n);
    expect(perIncident).toHaveLength(GROUPS);
    // open + summary + at most one summary edit per delivery + the all-clear notice and its edit.
    const bound = 2 + DELIVERIES + 2;
    expect(Math.max(...perIncident)).toBeLessThanOrEqual(bound);
    expect(
      app.store.incidents.list().every((incident) => incident.status === "investigating"),
    ).toBe(true);
  });
});
