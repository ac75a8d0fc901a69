import { describe, expect, it } from "vitest";
import type { StoredAlert } from "../../../src/core/alert.ts";
import {
  type AlertBurst,
  collapseAlertBursts,
  type TimelineRow,
} from "../../../src/core/collapse-alert-bursts.ts";
import {
  describeBurst,
  formatCount,
  groupAlerts,
} from "../../../src/core/describe-alert-bursts.ts";
import type { TimelineEntry, TimelineEvent } from "../../../src/core/timeline-event.ts";

const am = { id: "alertmanager", name: "Alertmanager" };
const alice = { id: "alice", name: "Alice Example" };
const GROUP = '{}:{alertname="HostDown"}';

const alerts: StoredAlert[] = [];
function alert(name: string, instance: string, extra: Record<string, string> = {}): StoredAlert {
  const stored: StoredAlert = {
    id: alerts.length + 1,
    incidentNumber: 1,
    receivedAt: "2026-11-18T14:00:00Z",
    source: "alertmanager",
    fingerprint: `${name}/${instance}`,
    status: "firing",
    labels: { alertname: name, instance, job: "node", ...extra },
    annotations: { summary: `${name} on ${instance}` },
    startsAt: "2026-11-18T14:00:00Z",
    endsAt: null,
    generatorUrl: null,
    groupKey: GROUP,
  };
  alerts.push(stored);
  return stored;
}

const hosts = Array.from({ length: 12 }, (_, i) => alert("HostDown", `compute-${i + 1}`));
const disks = Array.from({ length: 4 }, (_, i) => alert("DiskFull", `storage-${i + 1}`));

let id = 0;
/** An entry at 14:mm:ss of 2026-11-18. */
function entry(time: string, event: TimelineEvent, actor = am): TimelineEntry {
  return {
    id: ++id,
    incidentNumber: 1,
    occurredAt: `2026-11-18T14:${time}Z`,
    recordedAt: `2026-11-18T14:${time}Z`,
    actor,
    event,
    text: event.kind,
    editedAt: null,
    withdrawnAt: null,
  };
}
const ref = (a: StoredAlert) => ({
  source: a.source,
  fingerprint: a.fingerprint,
  name: `${a.labels.alertname} (${a.labels.instance})`,
  summary: `${a.labels.alertname} is firing`,
});
const fired = (time: string, a: StoredAlert) => entry(time, { kind: "alert_fired", alert: ref(a) });
const resolved = (time: string, a: StoredAlert) =>
  entry(time, { kind: "alert_resolved", alert: ref(a) });
const note = (time: string, text: string) => entry(time, { kind: "note", text }, alice);

/** Each row as a reader sees it: a burst's times, counts and labels, or the entry's kind. */
function shape(rows: readonly TimelineRow[]): string[] {
  return rows.map((row) =>
    row.kind === "entry"
      ? `${row.entry.occurredAt.slice(14, 19)} ${row.entry.event.kind}`
      : `${row.burst.firstAt.slice(14, 19)}–${row.burst.lastAt.slice(14, 19)} ${describeBurst(row.burst)}`,
  );
}

const bursts = (rows: readonly TimelineRow[]): AlertBurst[] =>
  rows.flatMap((row) => (row.kind === "burst" ? [row.burst] : []));

describe("collapseAlertBursts", () => {
  it("collapses a burst of one alert name into one row with counts, times and what varies", () => {
    const timeline = [
      ...hosts.map((h, i) => fired(`02:${String(10 + i).padStart(2, "0")}`, h)),
      ...hosts.slice(0, 10).map((h, i) => resolved(`09:${String(10 + i).padStart(2, "0")}`, h)),
    ];
    const rows = collapseAlertBursts(timeline, alerts);
    expect(shape(rows)).toEqual([
      "02:10–09:19 12 alerts HostDown fired (instance: compute-1…compute-12, 12 values) · 10 resolved",
    ]);
    const [burst] = bursts(rows);
    expect(burst).toMatchObject({
      source: "alertmanager",
      name: "HostDown",
      fired: 12,
      firedAlerts: 12,
      resolved: 10,
      resolvedAlerts: 10,
      actors: [am],
    });
  });

  it("keeps two interleaved alert names apart, each row where its burst starts", () => {
    const timeline = [
      fired("02:00", hosts[0] as StoredAlert),
      fired("02:05", disks[0] as StoredAlert),
      fired("02:10", hosts[1] as StoredAlert),
      fired("02:15", disks[1] as StoredAlert),
      fired("02:20", hosts[2] as StoredAlert),
      fired("02:25", disks[2] as StoredAlert),
      fired("02:30", disks[3] as StoredAlert),
    ];
    expect(shape(collapseAlertBursts(timeline, alerts))).toEqual([
      "02:00–02:20 3 alerts HostDown fired (instance: compute-1, compute-2, compute-3)",
      "02:05–02:30 4 alerts DiskFull fired (instance: storage-1…storage-4, 4 values)",
    ]);
  });

  it("ends a burst at a person's entry or a lifecycle change, so rows stay in time order", () => {
    const timeline = [
      fired("02:00", hosts[0] as StoredAlert),
      fired("02:01", hosts[1] as StoredAlert),
      fired("02:02", hosts[2] as StoredAlert),
      note("03:00", "restarting the hypervisors"),
      fired("03:30", hosts[3] as StoredAlert),
      fired("03:31", hosts[4] as StoredAlert),
      fired("03:32", hosts[5] as StoredAlert),
      fired("03:33", hosts[6] as StoredAlert),
      entry("05:00", { kind: "severity", from: 2, to: 1 }, alice),
      resolved("06:00", hosts[0] as StoredAlert),
      resolved("06:01", hosts[1] as StoredAlert),
      resolved("06:02", hosts[2] as StoredAlert),
    ];
    expect(shape(collapseAlertBursts(timeline, alerts))).toEqual([
      "02:00–02:02 3 alerts HostDown fired (instance: compute-1, compute-2, compute-3)",
      "03:00 note",
      "03:30–03:33 4 alerts HostDown fired (instance: compute-4…compute-7, 4 values)",
      "05:00 severity",
      "06:00–06:02 3 alerts HostDown resolved (instance: compute-1, compute-2, compute-3)",
    ]);
  });

  it("leaves a single alert, and an alert that fires and resolves, as plain rows", () => {
    const timeline = [
      fired("01:00", disks[0] as StoredAlert),
      entry("01:30", { kind: "declared", title: "Disks", severity: 2, trigger: "alert" }),
      resolved("20:00", disks[0] as StoredAlert),
      fired("21:00", hosts[0] as StoredAlert),
      resolved("22:00", hosts[0] as StoredAlert),
    ];
    const rows = collapseAlertBursts(timeline, alerts);
    expect(bursts(rows)).toEqual([]);
    expect(rows.map((row) => (row.kind === "entry" ? row.entry : undefined))).toEqual(timeline);
  });

  it("puts plain events of a short run in time order among the collapsed rows", () => {
    const timeline = [
      fired("02:00", hosts[0] as StoredAlert),
      fired("02:01", disks[0] as StoredAlert),
      fired("02:02", hosts[1] as StoredAlert),
      fired("02:03", hosts[2] as StoredAlert),
      fired("02:04", disks[1] as StoredAlert),
    ];
    expect(shape(collapseAlertBursts(timeline, alerts))).toEqual([
      "02:00–02:03 3 alerts HostDown fired (instance: compute-1, compute-2, compute-3)",
      "02:01 alert_fired",
      "02:04 alert_fired",
    ]);
  });

  it("starts a new burst after a gap longer than the rule's", () => {
    const timeline = [
      fired("00:00", hosts[0] as StoredAlert),
      fired("05:00", hosts[1] as StoredAlert),
      fired("10:00", hosts[2] as StoredAlert),
      // 10 min 1 s later
      fired("20:01", hosts[3] as StoredAlert),
      fired("21:00", hosts[4] as StoredAlert),
      fired("22:00", hosts[5] as StoredAlert),
    ];
    expect(shape(collapseAlertBursts(timeline, alerts))).toEqual([
      "00:00–10:00 3 alerts HostDown fired (instance: compute-1, compute-2, compute-3)",
      "20:01–22:00 3 alerts HostDown fired (instance: compute-4, compute-5, compute-6)",
    ]);
  });

  it("collapses resolves on their own, and counts an alert that flaps by its events", () => {
    const h = hosts[0] as StoredAlert;
    const timeline = [
      ...hosts.slice(0, 5).map((a, i) => resolved(`30:0${i}`, a)),
      fired("31:00", h),
      resolved("31:10", h),
      fired("31:20", h),
    ];
    expect(shape(collapseAlertBursts(timeline, alerts))).toEqual([
      "30:00–31:20 1 alert HostDown fired 2 times (instance: compute-1…compute-5, 5 values) · 5 resolved 6 times",
    ]);
  });

  it("goes by the event's own name when the alert is not among the incident's", () => {
    const timeline = [1, 2, 3].map((n) =>
      entry(`40:0${n}`, {
        kind: "alert_fired",
        alert: {
          source: "grafana",
          fingerprint: `gone-${n}`,
          name: `ApiErrors (api-${n})`,
          summary: "5xx above 1%",
        },
      }),
    );
    expect(shape(collapseAlertBursts(timeline, alerts))).toEqual([
      "40:01–40:03 3 alerts ApiErrors fired (instance: api-1, api-2, api-3)",
    ]);
  });

  it("keeps alerts of different groups or sources apart", () => {
    const other = { ...(hosts[1] as StoredAlert), fingerprint: "other", groupKey: "other" };
    const timeline = [
      fired("50:00", hosts[0] as StoredAlert),
      fired("50:01", other),
      fired("50:02", hosts[2] as StoredAlert),
    ];
    expect(bursts(collapseAlertBursts(timeline, [...alerts, other]))).toEqual([]);
  });
});

describe("groupAlerts", () => {
  it("makes one group of a name with three or more alerts, where its first alert is", () => {
    const api = [alert("ApiErrors", "api-1"), alert("ApiErrors", "api-2")];
    const list = [api[0], ...hosts.slice(0, 3), api[1], disks[0]] as StoredAlert[];
    expect(groupAlerts(list).map((g) => [g.name, g.alerts.length])).toEqual([
      ["ApiErrors", 1],
      ["HostDown", 3],
      ["ApiErrors", 1],
      ["DiskFull", 1],
    ]);
  });
});

describe("formatCount", () => {
  it("groups thousands", () => {
    expect([0, 999, 1_000, 1_240, 100_000, 1_234_567].map(formatCount)).toEqual([
      "0",
      "999",
      "1,000",
      "1,240",
      "100,000",
      "1,234,567",
    ]);
  });
});
