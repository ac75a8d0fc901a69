import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NormalizedAlert } from "../../../src/core/alert.ts";
import { type ManualClock, manualClock } from "../../../src/core/clock.ts";
import type { Store } from "../../../src/core/store-ports.ts";
import { type IntakeRules, ingestAlerts } from "../../../src/intake/alert-intake.ts";
import {
  alertmanagerPayload,
  normalizeAlertmanager,
} from "../../../src/intake/sources/alertmanager-payload.ts";
import { rulesWith } from "../../helpers/rules.ts";
import { openTempStore, readFixture, type TempStore } from "../../helpers/temp-store.ts";

const GROUP_KEY =
  '{}/{severity=~"critical|warning"}:{alertname="NovaApiHighLatency", region="eu-de-1"}';
const RECEIVED_AT = "2026-11-18T09:13:00.000Z";
const ALERTMANAGER = { id: "alertmanager", name: "Alertmanager" };

function fixtureAlerts(name: string): NormalizedAlert[] {
  return normalizeAlertmanager(alertmanagerPayload.parse(readFixture(name)));
}

const firing = () => fixtureAlerts("alertmanager-firing.json");
const resolved = () => fixtureAlerts("alertmanager-resolved.json");

const rules = rulesWith();

let temp: TempStore;
let store: Store;
let clock: ManualClock;

/** As src/app.ts calls it: in a transaction of its own. */
const ingest = (alerts: readonly NormalizedAlert[], with_: IntakeRules = rules) =>
  store.transaction(() => ingestAlerts(store, alerts, clock, with_));

beforeEach(() => {
  temp = openTempStore();
  store = temp.store;
  clock = manualClock(RECEIVED_AT);
});

afterEach(() => {
  temp.cleanup();
});

describe("ingesting a firing group", () => {
  it("opens exactly one incident with both alerts attached", () => {
    const result = ingest(firing());
    expect(result).toMatchObject({ received: 2, changed: 2, opened: [1], allResolved: [] });

    const incidents = store.incidents.list();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      number: 1,
      title: "Nova API p99 latency above 2s",
      severity: 1,
      status: "investigating",
      service: "nova-api",
      groupKey: GROUP_KEY,
      declaredBy: null,
      openedAt: RECEIVED_AT,
    });
    expect(store.alerts.listForIncident(1).map((alert) => alert.fingerprint)).toEqual([
      "8f1e3b2a9c4d5e6f",
      "1a2b3c4d5e6f7a8b",
    ]);
  });

  it("keeps an overlong summary whole on the alert, and a readable title on the incident", () => {
    const [first] = firing();
    if (!first) throw new Error("fixture without alerts");
    const summary = "Nova API p99 latency above 2s ".repeat(400); // 12,000 characters
    ingest([{ ...first, annotations: { ...first.annotations, summary } }]);
    const title = store.incidents.get(1)?.title ?? "";
    expect(title).toHaveLength(1024);
    expect(title.endsWith("…")).toBe(true);
    expect(summary.startsWith(title.slice(0, -1))).toBe(true);
    expect(store.alerts.listForIncident(1)[0]?.annotations.summary).toBe(summary);
  });

  it("records the alerts as fired when they started, not when they arrived", () => {
    const result = ingest(firing());
    const timeline = store.timeline.list(1);
    expect(timeline.map((entry) => [entry.event.kind, entry.occurredAt, entry.recordedAt])).toEqual(
      [
        ["alert_fired", "2026-11-18T09:12:03.123Z", RECEIVED_AT],
        ["alert_fired", "2026-11-18T09:12:33.456Z", RECEIVED_AT],
        ["declared", RECEIVED_AT, RECEIVED_AT],
      ],
    );
    expect(timeline.every((entry) => entry.actor.name === ALERTMANAGER.name)).toBe(true);
    expect(timeline[0]?.text).toBe(
      "Alert firing: NovaApiHighLatency (ctl-1:8774) — Nova API p99 latency above 2s",
    );
    expect(timeline[2]?.text).toBe(
      "Incident opened from an alert as SEV1: Nova API p99 latency above 2s",
    );
    // The result lists the new entries in the order they were recorded, for announcing.
    expect(result.entries.map((entry) => entry.event.kind)).toEqual([
      "declared",
      "alert_fired",
      "alert_fired",
    ]);
    expect(result.entries.map((entry) => entry.id)).toEqual(
      [...timeline].sort((a, b) => a.id - b.id).map((entry) => entry.id),
    );
  });

  it("maps the severity label through the route, with its fallback", () => {
    const warning = firing().map((alert) => ({
      ...alert,
      groupKey: "warning-group",
      labels: { ...alert.labels, severity: "Warning" },
    }));
    const unlabelled = firing().map((alert) => {
      const { severity: _severity, ...labels } = alert.labels;
      return { ...alert, groupKey: "unlabelled-group", labels };
    });
    ingest(warning);
    ingest(unlabelled);
    expect(store.incidents.findOpenByGroupKey("warning-group")?.severity).toBe(3);
    expect(store.incidents.findOpenByGroupKey("unlabelled-group")?.severity).toBe(4);
  });

  it("titles the incident from the alert name when there is no summary", () => {
    const bare = firing().map((alert) => ({ ...alert, annotations: {} }));
    ingest(bare);
    expect(store.incidents.get(1)?.title).toBe("NovaApiHighLatency");
  });

  it("a redelivered payload changes nothing", () => {
    ingest(firing());
    const timelineBefore = store.timeline.list(1);
    clock.advance(30_000);

    const again = ingest(firing());
    expect(again).toEqual({
      received: 2,
      changed: 0,
      opened: [],
      reopened: [],
      entries: [],
      allResolved: [],
      autoResolved: [],
      notifications: [],
    });
    expect(store.incidents.list()).toHaveLength(1);
    expect(store.timeline.list(1)).toEqual(timelineBefore);
    expect(store.alerts.listForIncident(1)).toHaveLength(2);
  });

  it("attaches a new alert of the same group to the open incident", () => {
    ingest(firing());
    clock.advance(60_000);
    const third = firing().map((alert) => ({
      ...alert,
      fingerprint: "ffff0000ffff0000",
      labels: { ...alert.labels, instance: "ctl-3:8774" },
      startsAt: "2026-11-18T09:13:30Z",
    }));
    const result = ingest(third.slice(0, 1));
    expect(result).toMatchObject({ changed: 1, opened: [] });
    expect(store.incidents.list()).toHaveLength(1);
    expect(store.alerts.listForIncident(1)).toHaveLength(3);
    expect(store.timeline.list(1).at(-1)?.text).toBe(
      "Alert firing: NovaApiHighLatency (ctl-3:8774) — Nova API p99 latency above 2s",
    );
  });

  it("opens a separate incident for another group", () => {
    ingest(firing());
    const other = firing().map((alert) => ({ ...alert, groupKey: '{}:{alertname="DiskFull"}' }));
    const result = ingest(other);
    expect(result.opened).toEqual([2]);
    expect(store.incidents.list().map((incident) => incident.groupKey)).toEqual([
      '{}:{alertname="DiskFull"}',
      GROUP_KEY,
    ]);
    expect(store.alerts.listForIncident(1)).toHaveLength(2);
    expect(store.alerts.listForIncident(2)).toHaveLength(2);
  });
});

describe("ingesting resolves", () => {
  it("records alert_resolved at endsAt and reports the incident as all resolved", () => {
    ingest(firing());
    clock.set("2026-11-18T10:00:00.000Z");

    const result = ingest(resolved());
    expect(result).toMatchObject({ received: 2, changed: 2, opened: [], allResolved: [1] });
    const resolvedEntries = store.timeline
      .list(1)
      .filter((entry) => entry.event.kind === "alert_resolved");
    expect(resolvedEntries.map((entry) => [entry.occurredAt, entry.recordedAt])).toEqual([
      ["2026-11-18T09:57:10.310Z", "2026-11-18T10:00:00.000Z"],
      ["2026-11-18T09:58:41.002Z", "2026-11-18T10:00:00.000Z"],
    ]);
    expect(resolvedEntries[0]?.text).toBe(
      "Alert resolved: NovaApiHighLatency (ctl-2:8774) — Nova API p99 latency above 2s",
    );
    // Resolving the alerts does not resolve the incident: a person decides that.
    expect(store.incidents.get(1)?.status).toBe("investigating");
    expect(store.alerts.listForIncident(1).map((alert) => alert.status)).toEqual([
      "resolved",
      "resolved",
    ]);
  });

  it("does not report all resolved while one alert still fires", () => {
    ingest(firing());
    const result = ingest(resolved().slice(0, 1));
    expect(result).toMatchObject({ changed: 1, allResolved: [] });
  });

  it("a redelivered resolve changes nothing", () => {
    ingest(firing());
    ingest(resolved());
    const before = store.timeline.list(1);
    expect(ingest(resolved())).toEqual({
      received: 2,
      changed: 0,
      opened: [],
      reopened: [],
      entries: [],
      allResolved: [],
      autoResolved: [],
      notifications: [],
    });
    expect(store.timeline.list(1)).toEqual(before);
  });

  it("a firing that arrives after its resolve (stale) changes nothing", () => {
    ingest(firing());
    ingest(resolved());
    const before = store.timeline.list(1);
    clock.set("2026-11-18T10:01:00.000Z");

    const result = ingest(firing());
    expect(result).toMatchObject({ changed: 0, opened: [], entries: [] });
    expect(store.incidents.list()).toHaveLength(1);
    expect(store.timeline.list(1)).toEqual(before);
    expect(store.alerts.listForIncident(1).every((alert) => alert.status === "resolved")).toBe(
      true,
    );
  });

  it("a resolve for an alert it never saw firing is stored but touches no incident", () => {
    const result = ingest(resolved());
    expect(result).toMatchObject({ changed: 2, opened: [], entries: [], allResolved: [] });
    expect(store.incidents.list()).toEqual([]);
  });
});

/** Resolves an incident as a person would have, at `resolvedAt`. */
function resolveIncident(number: number, resolvedAt = "2026-11-18T10:02:00Z") {
  const incident = store.incidents.get(number);
  if (!incident) throw new Error(`no incident ${number}`);
  store.incidents.save({ ...incident, status: "resolved", resolvedAt });
}

describe("firing again after the incident was resolved", () => {
  it("a refiring alert of the same group opens a new incident", () => {
    ingest(firing());
    ingest(resolved());
    resolveIncident(1);
    clock.set("2026-11-18T11:00:05.000Z");

    const refiring = firing().map((alert) => ({ ...alert, startsAt: "2026-11-18T11:00:00Z" }));
    const result = ingest(refiring);
    expect(result).toMatchObject({ changed: 2, opened: [2] });
    expect(store.incidents.get(2)).toMatchObject({
      status: "investigating",
      groupKey: GROUP_KEY,
      openedAt: "2026-11-18T11:00:05.000Z",
    });
    expect(store.incidents.get(1)?.status).toBe("resolved");
    expect(store.alerts.listForIncident(2)).toHaveLength(2);
    expect(store.alerts.listForIncident(1)).toEqual([]);
    expect(
      store.timeline
        .list(2)
        .filter((entry) => entry.event.kind === "alert_fired")
        .map((entry) => entry.occurredAt),
    ).toEqual(["2026-11-18T11:00:00Z", "2026-11-18T11:00:00Z"]);
  });

  it("a late redelivery of the old resolve does not resolve the new episode", () => {
    ingest(firing());
    ingest(resolved());
    resolveIncident(1);
    clock.set("2026-11-18T11:00:05.000Z");
    ingest(firing().map((alert) => ({ ...alert, startsAt: "2026-11-18T11:00:00Z" })));
    const before = store.timeline.list(2);

    const result = ingest(resolved());
    expect(result).toMatchObject({ changed: 0, entries: [], allResolved: [] });
    expect(store.timeline.list(2)).toEqual(before);
    expect(store.alerts.listForIncident(2).map((alert) => alert.status)).toEqual([
      "firing",
      "firing",
    ]);
  });

  it("a new alert of the group opens a new incident rather than joining the resolved one", () => {
    ingest(firing());
    resolveIncident(1);
    clock.set("2026-11-18T11:00:05.000Z");
    const newcomer = firing().map((alert) => ({
      ...alert,
      fingerprint: `new-${alert.fingerprint}`,
    }));
    const result = ingest(newcomer);
    expect(result.opened).toEqual([2]);
    expect(store.alerts.listForIncident(2)).toHaveLength(2);
    expect(store.alerts.listForIncident(1)).toHaveLength(2);
  });
});

describe("atomicity", () => {
  it("stores nothing of a batch that fails part way", () => {
    const base = rulesWith();
    const failing: IntakeRules = {
      ...base,
      routes: [
        {
          ...base.defaultRoute,
          name: "broken",
          matchers: [
            {
              label: "alertname",
              op: "=",
              value: "Broken",
              text: 'alertname="Broken"',
              matches: (labels) => {
                if (labels.alertname === "Broken") throw new Error("policy failed");
                return false;
              },
            },
          ],
        },
      ],
    };
    const [good] = firing();
    if (!good) throw new Error("fixture has no alerts");
    const broken: NormalizedAlert = {
      ...good,
      fingerprint: "broken",
      groupKey: "other-group",
      labels: { alertname: "Broken" },
    };
    expect(() => ingest([good, broken], failing)).toThrow("policy failed");
    expect(store.incidents.list()).toEqual([]);
    // Nothing was half-stored: the same batch later counts as entirely new.
    expect(ingest([good])).toMatchObject({ changed: 1, opened: [1] });
  });
});

describe("flapping", () => {
  it("re-opens an incident whose group fires again within the flap window", () => {
    ingest(firing());
    ingest(resolved());
    resolveIncident(1, "2026-11-18T10:00:00.000Z");
    clock.set("2026-11-18T10:03:00.000Z");

    const result = ingest(
      firing().map((alert) => ({ ...alert, startsAt: "2026-11-18T10:02:30Z" })),
    );
    expect(result).toMatchObject({ opened: [], reopened: [1], changed: 2 });
    expect(store.incidents.list()).toHaveLength(1);
    expect(store.incidents.get(1)?.status).toBe("investigating");
    const reopening = store.timeline.list(1).find((entry) => entry.event.kind === "status");
    expect(reopening?.text).toBe(
      "Status resolved → investigating: re-opened: its alerts fired again 3m 00s after it was resolved",
    );
  });

  it("opens a new incident once the window has passed", () => {
    ingest(firing());
    ingest(resolved());
    resolveIncident(1, "2026-11-18T10:00:00.000Z");
    clock.set("2026-11-18T10:05:01.000Z");
    const result = ingest(
      firing().map((alert) => ({ ...alert, startsAt: "2026-11-18T10:04:30Z" })),
    );
    expect(result).toMatchObject({ opened: [2], reopened: [] });
  });
});

describe("routing", () => {
  it("takes severity, service, grouping and privacy from the first matching route", () => {
    const rules = rulesWith([
      { name: "storage", matchers: ['team="storage"'], severity: 1 },
      {
        name: "compute",
        matchers: ['team="compute"', 'severity=~"crit.*"'],
        service: "nova",
        groupBy: ["team"],
        private: true,
      },
    ]);
    const result = ingest(firing(), rules);
    expect(result.opened).toEqual([1]);
    expect(store.incidents.get(1)).toMatchObject({
      route: "compute",
      service: "nova",
      severity: 1,
      private: true,
      groupKey: 'route:compute:{team="compute"}',
    });
    // Another group of the same team joins the same incident under this route's grouping.
    const other = firing().map((alert) => ({
      ...alert,
      groupKey: "another-group",
      fingerprint: `o-${alert.fingerprint}`,
    }));
    expect(ingest(other, rules).opened).toEqual([]);
    expect(store.alerts.listForIncident(1)).toHaveLength(4);
  });

  it("opens triage incidents for triage routes", () => {
    ingest(firing(), rulesWith([], { mode: "triage" }));
    expect(store.incidents.get(1)?.status).toBe("triage");
  });

  it("only notifies for notify routes: no incident, the alert stored and handed back", () => {
    const result = ingest(firing(), rulesWith([], { mode: "notify", broadcast: "ops" }));
    expect(store.incidents.list()).toEqual([]);
    expect(result.notifications.map((n) => [n.route.name, n.alert.fingerprint])).toEqual([
      ["default", "8f1e3b2a9c4d5e6f"],
      ["default", "1a2b3c4d5e6f7a8b"],
    ]);
    expect(ingest(firing(), rulesWith([], { mode: "notify" })).changed).toBe(0);
  });

  it("resolves by itself only where the route sets autoResolve", () => {
    ingest(firing(), rulesWith([], { autoResolve: true }));
    clock.set("2026-11-18T10:00:00.000Z");
    const result = ingest(resolved(), rulesWith([], { autoResolve: true }));
    expect(result).toMatchObject({ autoResolved: [1], allResolved: [] });
    expect(store.incidents.get(1)).toMatchObject({
      status: "resolved",
      resolvedAt: "2026-11-18T10:00:00.000Z",
    });
    const last = store.timeline.list(1).at(-1);
    expect(last?.actor.id).toBe("firebreak");
    expect(last?.event.kind).toBe("resolved");
  });

  it("without autoResolve, all-clear is only reported", () => {
    ingest(firing());
    const result = ingest(resolved());
    expect(result).toMatchObject({ allResolved: [1], autoResolved: [] });
    expect(store.incidents.get(1)?.status).toBe("investigating");
  });
});
