import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NormalizedAlert } from "../../../../src/core/alert.ts";
import type { Actor, NewIncident } from "../../../../src/core/incident.ts";
import type { Store } from "../../../../src/core/store-ports.ts";
import type { NewTimelineEntry } from "../../../../src/core/timeline-event.ts";
import { databasePath, openDatabase } from "../../../../src/store/sqlite/open-database.ts";
import { openSqliteStore } from "../../../../src/store/sqlite/sqlite-store.ts";
import { makeTempDir, removeTempDir } from "../../../helpers/temp-store.ts";

const alice: Actor = { id: "alice", name: "Alice" };
const bob: Actor = { id: "U024BE7LH", name: "Bob" };

function newIncident(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    title: "Nova API p99 latency above 2s",
    severity: 2,
    status: "investigating",
    private: false,
    service: "nova-api",
    groupKey: "group-a",
    route: null,
    roles: {},
    declaredBy: null,
    openedAt: "2026-11-18T09:13:00.000Z",
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    updatedAt: "2026-11-18T09:13:00.000Z",
    ...overrides,
  };
}

function note(text: string, occurredAt: string, actor: Actor = alice): NewTimelineEntry {
  return { event: { kind: "note", text }, occurredAt, actor };
}

function firing(overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    source: "alertmanager",
    fingerprint: "8f1e3b2a9c4d5e6f",
    status: "firing",
    labels: { alertname: "NovaApiHighLatency", instance: "ctl-1:8774", severity: "critical" },
    annotations: { summary: "Nova API p99 latency above 2s" },
    startsAt: "2026-11-18T09:12:03.123Z",
    endsAt: null,
    generatorUrl: "http://prometheus.example.org:9090/graph?g0.expr=up",
    groupKey: "group-a",
    ...overrides,
  };
}

function resolvedAt(endsAt: string, overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return firing({ status: "resolved", endsAt, ...overrides });
}

let dir: string;
let store: Store;
let open: Store[];

function reopen(): Store {
  const next = openSqliteStore(dir);
  open.push(next);
  return next;
}

beforeEach(() => {
  dir = makeTempDir();
  open = [];
  store = reopen();
});

afterEach(() => {
  for (const each of open) {
    try {
      each.close();
    } catch {
      // closed by the test already
    }
  }
  removeTempDir(dir);
});

describe("opening the database", () => {
  it("creates firebreak.db in the data directory, in WAL journal mode", () => {
    const file = join(dir, "firebreak.db");
    expect(databasePath(dir)).toBe(file);
    expect(existsSync(file)).toBe(true);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      raw.close();
    }
  });

  it("creates a data directory that does not exist yet", () => {
    const nested = join(dir, "var", "data");
    const created = openSqliteStore(nested);
    open.push(created);
    expect(existsSync(join(nested, "firebreak.db"))).toBe(true);
    expect(created.isHealthy()).toBe(true);
  });

  it("applies the migrations, so every table exists", () => {
    const raw = new Database(databasePath(dir), { readonly: true });
    try {
      const tables = raw
        .prepare("select name from sqlite_master where type = 'table' order by name")
        .all()
        .map((row) => (row as { name: string }).name);
      expect(tables).toEqual(
        expect.arrayContaining(["alerts", "incident_rooms", "incidents", "timeline_entries"]),
      );
    } finally {
      raw.close();
    }
  });

  it("reopens an existing file without re-running migrations and keeps the data", () => {
    const incident = store.incidents.insert(newIncident({ title: "Disk full on db-1" }));
    store.timeline.append(
      incident.number,
      [note("first note", "2026-11-18T09:14:00Z")],
      "2026-11-18T09:14:01Z",
    );
    const migrationsBefore = countMigrations();
    store.close();

    const again = reopen();
    expect(again.incidents.get(incident.number)?.title).toBe("Disk full on db-1");
    expect(again.timeline.list(incident.number).map((entry) => entry.text)).toEqual(["first note"]);
    expect(countMigrations()).toBe(migrationsBefore);
    expect(migrationsBefore).toBeGreaterThan(0);
    // Numbers keep counting from where they were.
    expect(again.incidents.insert(newIncident()).number).toBe(incident.number + 1);
  });

  it("openDatabase on an existing file works too", () => {
    store.incidents.insert(newIncident());
    store.close();
    const db = openDatabase(databasePath(dir));
    try {
      const row = db.$client.prepare("select count(*) as n from incidents").get() as { n: number };
      expect(row.n).toBe(1);
    } finally {
      db.$client.close();
    }
  });

  it("reports healthy while open and unhealthy once closed", () => {
    expect(store.isHealthy()).toBe(true);
    store.close();
    expect(store.isHealthy()).toBe(false);
  });
});

function countMigrations(): number {
  const raw = new Database(databasePath(dir), { readonly: true });
  try {
    const row = raw.prepare("select count(*) as n from __drizzle_migrations").get() as {
      n: number;
    };
    return row.n;
  } finally {
    raw.close();
  }
}

describe("incidents", () => {
  it("insert gives consecutive numbers and get returns what was stored", () => {
    const first = store.incidents.insert(newIncident({ title: "First" }));
    const second = store.incidents.insert(newIncident({ title: "Second", private: true }));
    expect(first.number).toBe(1);
    expect(second.number).toBe(2);
    expect(store.incidents.get(1)).toEqual({ ...newIncident({ title: "First" }), number: 1 });
    expect(store.incidents.get(2)?.private).toBe(true);
    expect(store.incidents.get(3)).toBeUndefined();
  });

  it("save updates every field but the number", () => {
    const incident = store.incidents.insert(newIncident());
    const changed = {
      ...incident,
      title: "Nova API down in eu-de-1",
      severity: 1 as const,
      status: "monitoring" as const,
      service: null,
      acknowledgedAt: "2026-11-18T09:15:00.250Z",
      mitigatedAt: "2026-11-18T09:40:00Z",
      updatedAt: "2026-11-18T09:40:00Z",
    };
    store.incidents.save(changed);
    expect(store.incidents.get(incident.number)).toEqual(changed);
    expect(store.incidents.list()).toHaveLength(1);
  });

  it("round-trips roles as objects, not JSON text", () => {
    const incident = store.incidents.insert(newIncident({ roles: { commander: alice } }));
    expect(store.incidents.get(incident.number)?.roles).toEqual({ commander: alice });
    store.incidents.save({ ...incident, roles: { commander: alice, scribe: bob } });
    const roles = store.incidents.get(incident.number)?.roles;
    expect(roles?.scribe).toEqual({ id: "U024BE7LH", name: "Bob" });
    expect(roles?.commander?.name).toBe("Alice");
  });

  it("lists newest first", () => {
    for (const title of ["one", "two", "three"]) store.incidents.insert(newIncident({ title }));
    expect(store.incidents.list().map((incident) => incident.title)).toEqual([
      "three",
      "two",
      "one",
    ]);
  });

  it("findOpenByGroupKey finds the open incident of a group and ignores resolved ones", () => {
    const old = store.incidents.insert(newIncident({ title: "old" }));
    store.incidents.save({ ...old, status: "resolved", resolvedAt: "2026-11-18T10:00:00Z" });
    expect(store.incidents.findOpenByGroupKey("group-a")).toBeUndefined();

    const current = store.incidents.insert(newIncident({ title: "current", status: "triage" }));
    store.incidents.insert(newIncident({ title: "other group", groupKey: "group-b" }));
    expect(store.incidents.findOpenByGroupKey("group-a")?.number).toBe(current.number);
    expect(store.incidents.findOpenByGroupKey("group-c")).toBeUndefined();

    for (const status of ["closed", "declined", "merged"] as const) {
      store.incidents.save({ ...current, status });
      expect(store.incidents.findOpenByGroupKey("group-a")).toBeUndefined();
    }
  });
});

describe("timeline", () => {
  it("append returns the entries with ids, recordedAt and readable text", () => {
    const incident = store.incidents.insert(newIncident());
    const entries = store.timeline.append(
      incident.number,
      [
        note("Rolled back nova-api to 2026.11.2", "2026-11-18T09:20:00Z"),
        {
          event: { kind: "severity", from: 2, to: 1 },
          occurredAt: "2026-11-18T09:21:00Z",
          actor: bob,
        },
      ],
      "2026-11-18T09:21:05.000Z",
    );
    expect(entries).toHaveLength(2);
    const [first, second] = entries;
    expect(first?.id).toBeTypeOf("number");
    expect(second?.id).toBeGreaterThan(first?.id ?? Number.POSITIVE_INFINITY);
    expect(first).toMatchObject({
      incidentNumber: incident.number,
      recordedAt: "2026-11-18T09:21:05.000Z",
      occurredAt: "2026-11-18T09:20:00Z",
      text: "Rolled back nova-api to 2026.11.2",
      actor: alice,
      event: { kind: "note", text: "Rolled back nova-api to 2026.11.2" },
    });
    expect(second?.text).toBe("Severity SEV2 → SEV1");
    expect(second?.actor).toEqual(bob);
    expect(store.timeline.append(incident.number, [], "2026-11-18T09:22:00Z")).toEqual([]);
  });

  it("lists in the order things happened, not the order they were recorded", () => {
    const incident = store.incidents.insert(newIncident());
    store.timeline.append(
      incident.number,
      [note("third", "2026-11-18T09:30:00Z")],
      "2026-11-18T09:31:00Z",
    );
    store.timeline.append(
      incident.number,
      [note("second", "2026-11-18T09:20:00Z"), note("first", "2026-11-18T09:10:00Z")],
      "2026-11-18T09:32:00Z",
    );
    expect(store.timeline.list(incident.number).map((entry) => entry.text)).toEqual([
      "first",
      "second",
      "third",
    ]);
  });

  it("orders timestamps of different precision by time, not as text", () => {
    const incident = store.incidents.insert(newIncident());
    // As text, "03.5Z" sorts before "03Z" and "03.55Z" before "03.5Z"; in time it is the reverse.
    store.timeline.append(
      incident.number,
      [
        note("half a second later", "2026-11-18T09:12:03.5Z"),
        note("550 ms later", "2026-11-18T09:12:03.55Z"),
        note("on the second", "2026-11-18T09:12:03Z"),
        note("a minute earlier", "2026-11-18T09:11:03.999Z"),
      ],
      "2026-11-18T09:13:00Z",
    );
    expect(store.timeline.list(incident.number).map((entry) => entry.text)).toEqual([
      "a minute earlier",
      "on the second",
      "half a second later",
      "550 ms later",
    ]);
  });

  it("keeps sub-millisecond timestamps verbatim and breaks ties by recording order", () => {
    const incident = store.incidents.insert(newIncident());
    store.timeline.append(
      incident.number,
      [note("b", "2026-11-18T09:12:03.123456789Z"), note("a", "2026-11-18T09:12:03.123Z")],
      "2026-11-18T09:13:00Z",
    );
    const listed = store.timeline.list(incident.number);
    expect(listed.map((entry) => [entry.text, entry.occurredAt])).toEqual([
      ["b", "2026-11-18T09:12:03.123456789Z"],
      ["a", "2026-11-18T09:12:03.123Z"],
    ]);
  });

  it("lists only the entries of the incident asked for", () => {
    const one = store.incidents.insert(newIncident());
    const two = store.incidents.insert(newIncident({ groupKey: "group-b" }));
    store.timeline.append(
      one.number,
      [note("for one", "2026-11-18T09:12:00Z")],
      "2026-11-18T09:13Z",
    );
    store.timeline.append(
      two.number,
      [note("for two", "2026-11-18T09:11:00Z")],
      "2026-11-18T09:13Z",
    );
    expect(store.timeline.list(one.number).map((entry) => entry.text)).toEqual(["for one"]);
    expect(store.timeline.list(two.number).map((entry) => entry.text)).toEqual(["for two"]);
    expect(store.timeline.list(99)).toEqual([]);
  });

  it("iterates the same entries as it lists, and is usable again after a pass broken off", () => {
    const incident = store.incidents.insert(newIncident());
    store.timeline.append(
      incident.number,
      [note("second", "2026-11-18T09:20:00Z"), note("first", "2026-11-18T09:10:00Z")],
      "2026-11-18T09:21Z",
    );
    store.timeline.append(
      incident.number,
      [note("third", "2026-11-18T09:30:00Z")],
      "2026-11-18T09:31Z",
    );
    expect([...store.timeline.iterate(incident.number)]).toEqual(
      store.timeline.list(incident.number),
    );
    for (const entry of store.timeline.iterate(incident.number)) {
      expect(entry.text).toBe("first");
      break;
    }
    store.timeline.append(
      incident.number,
      [note("fourth", "2026-11-18T09:40:00Z")],
      "2026-11-18T09:41Z",
    );
    expect([...store.timeline.iterate(incident.number)].map((entry) => entry.text)).toEqual([
      "first",
      "second",
      "third",
      "fourth",
    ]);
    expect([...store.timeline.iterate(99)]).toEqual([]);
  });
});

describe("alerts", () => {
  it("counts an incident's firing and resolved alerts and gives its first ones, without listing all", () => {
    const incident = store.incidents.insert(newIncident({ groupKey: "group-a" }));
    for (let i = 0; i < 5; i++) {
      const { alert } = store.alerts.record(
        i < 2
          ? resolvedAt("2026-11-18T09:20:00Z", { fingerprint: `f${i}` })
          : firing({ fingerprint: `f${i}` }),
        "2026-11-18T09:12:10Z",
      );
      store.alerts.attach(alert.id, incident.number);
    }
    store.alerts.record(firing({ fingerprint: "elsewhere" }), "2026-11-18T09:12:10Z");
    expect(store.alerts.countsForIncident(incident.number)).toEqual({ firing: 3, resolved: 2 });
    expect(store.alerts.countsForIncident(99)).toEqual({ firing: 0, resolved: 0 });
    expect(store.alerts.firstForIncident(incident.number, 3).map((a) => a.fingerprint)).toEqual([
      "f0",
      "f1",
      "f2",
    ]);
  });

  it("records a new alert, and a redelivery as unchanged", () => {
    const first = store.alerts.record(firing(), "2026-11-18T09:12:10Z");
    expect(first.change).toBe("new");
    expect(first.alert).toMatchObject({
      ...firing(),
      incidentNumber: null,
      receivedAt: "2026-11-18T09:12:10Z",
    });
    expect(first.alert.id).toBeTypeOf("number");

    const again = store.alerts.record(firing(), "2026-11-18T09:12:40Z");
    expect(again.change).toBe("unchanged");
    expect(again.alert.id).toBe(first.alert.id);
    expect(again.alert.receivedAt).toBe("2026-11-18T09:12:10Z");
  });

  it("treats the same fingerprint in another group or from another source as another alert", () => {
    const a = store.alerts.record(firing(), "2026-11-18T09:12:10Z");
    const b = store.alerts.record(firing({ groupKey: "group-b" }), "2026-11-18T09:12:10Z");
    const c = store.alerts.record(firing({ source: "grafana" }), "2026-11-18T09:12:10Z");
    expect([a.change, b.change, c.change]).toEqual(["new", "new", "new"]);
    expect(new Set([a.alert.id, b.alert.id, c.alert.id]).size).toBe(3);
  });

  it("records a resolve, keeping its endsAt, and a redelivered resolve as unchanged", () => {
    const { alert } = store.alerts.record(firing(), "2026-11-18T09:12:10Z");
    store.alerts.attach(alert.id, store.incidents.insert(newIncident()).number);

    const resolved = store.alerts.record(
      resolvedAt("2026-11-18T09:58:41.002Z"),
      "2026-11-18T09:59:00Z",
    );
    expect(resolved.change).toBe("resolved");
    expect(resolved.alert).toMatchObject({
      id: alert.id,
      status: "resolved",
      endsAt: "2026-11-18T09:58:41.002Z",
      incidentNumber: 1,
    });
    expect(store.alerts.listForIncident(1)[0]?.status).toBe("resolved");

    const redelivered = store.alerts.record(
      resolvedAt("2026-11-18T09:58:41.002Z"),
      "2026-11-18T09:59:30Z",
    );
    expect(redelivered.change).toBe("unchanged");
  });

  it("ignores a firing that started before the stored resolve ended (stale)", () => {
    const { alert } = store.alerts.record(firing(), "2026-11-18T09:12:10Z");
    store.alerts.attach(alert.id, store.incidents.insert(newIncident()).number);
    store.alerts.record(resolvedAt("2026-11-18T09:58:41.002Z"), "2026-11-18T09:59:00Z");

    // The firing notification of the same episode arrives late.
    const late = store.alerts.record(firing(), "2026-11-18T10:00:00Z");
    expect(late.change).toBe("stale");
    expect(late.alert.status).toBe("resolved");
    const [stored] = store.alerts.listForIncident(1);
    expect(stored).toMatchObject({ status: "resolved", endsAt: "2026-11-18T09:58:41.002Z" });
  });

  it("records a firing that started after the resolve as refired", () => {
    const { alert } = store.alerts.record(firing(), "2026-11-18T09:12:10Z");
    store.alerts.attach(alert.id, store.incidents.insert(newIncident()).number);
    store.alerts.record(resolvedAt("2026-11-18T09:58:41.002Z"), "2026-11-18T09:59:00Z");

    const again = store.alerts.record(
      firing({ startsAt: "2026-11-18T10:05:00Z" }),
      "2026-11-18T10:05:10Z",
    );
    expect(again.change).toBe("refired");
    expect(again.alert).toMatchObject({
      id: alert.id,
      status: "firing",
      startsAt: "2026-11-18T10:05:00Z",
      endsAt: null,
    });
    expect(store.alerts.listForIncident(1)[0]).toMatchObject({ status: "firing", endsAt: null });
  });

  it("does not let a redelivered resolve of the earlier episode end a refired alert", () => {
    const { alert } = store.alerts.record(firing(), "2026-11-18T09:12:10Z");
    store.alerts.attach(alert.id, store.incidents.insert(newIncident()).number);
    const oldResolve = resolvedAt("2026-11-18T09:58:41.002Z");
    store.alerts.record(oldResolve, "2026-11-18T09:59:00Z");
    store.alerts.record(firing({ startsAt: "2026-11-18T10:05:00Z" }), "2026-11-18T10:05:10Z");

    const redelivered = store.alerts.record(oldResolve, "2026-11-18T10:06:00Z");
    expect(redelivered.change).toBe("stale");
    expect(store.alerts.listForIncident(1)[0]).toMatchObject({
      status: "firing",
      startsAt: "2026-11-18T10:05:00Z",
      endsAt: null,
    });

    // The resolve of the new episode still resolves it.
    const newResolve = store.alerts.record(
      resolvedAt("2026-11-18T10:30:00Z", { startsAt: "2026-11-18T10:05:00Z" }),
      "2026-11-18T10:30:05Z",
    );
    expect(newResolve.change).toBe("resolved");
  });

  it("attaches alerts to an incident and lists them by start time", () => {
    const one = store.incidents.insert(newIncident());
    const two = store.incidents.insert(newIncident({ groupKey: "group-b" }));
    // Go trims trailing zeros: 09:12:03Z is earlier than 09:12:03.5Z, which is earlier than .55Z.
    const later = store.alerts.record(
      firing({ fingerprint: "later", startsAt: "2026-11-18T09:12:03.55Z" }),
      "2026-11-18T09:13:00Z",
    );
    const middle = store.alerts.record(
      firing({ fingerprint: "middle", startsAt: "2026-11-18T09:12:03.5Z" }),
      "2026-11-18T09:13:00Z",
    );
    const earliest = store.alerts.record(
      firing({ fingerprint: "earliest", startsAt: "2026-11-18T09:12:03Z" }),
      "2026-11-18T09:13:00Z",
    );
    const elsewhere = store.alerts.record(
      firing({ fingerprint: "elsewhere", groupKey: "group-b" }),
      "2026-11-18T09:13:00Z",
    );
    store.alerts.record(firing({ fingerprint: "unattached" }), "2026-11-18T09:13:00Z");
    for (const { alert } of [later, middle, earliest]) store.alerts.attach(alert.id, one.number);
    store.alerts.attach(elsewhere.alert.id, two.number);

    const listed = store.alerts.listForIncident(one.number);
    expect(listed.map((alert) => alert.fingerprint)).toEqual(["earliest", "middle", "later"]);
    expect(listed.every((alert) => alert.incidentNumber === one.number)).toBe(true);
    expect(listed[0]?.labels).toEqual(firing().labels);
    expect(store.alerts.listForIncident(two.number).map((alert) => alert.fingerprint)).toEqual([
      "elsewhere",
    ]);
    expect(store.alerts.listForIncident(99)).toEqual([]);
  });
});

describe("rooms", () => {
  it("binds a room to an incident and finds it by platform and room id", () => {
    const incident = store.incidents.insert(newIncident());
    const room = {
      platform: "matrix",
      roomId: "!abc:example.org",
      incidentNumber: incident.number,
      name: "inc-1",
    };
    store.rooms.bind(room);
    store.rooms.bind({ ...room, platform: "console", roomId: "inc-1" });
    expect(store.rooms.findByRoom("matrix", "!abc:example.org")).toEqual({
      ...room,
      summaryMessageId: null,
    });
    expect(store.rooms.findByRoom("slack", "!abc:example.org")).toBeUndefined();
    expect(store.rooms.findByRoom("matrix", "!other:example.org")).toBeUndefined();
    expect(
      store.rooms
        .listForIncident(incident.number)
        .map((each) => `${each.platform}:${each.roomId}`)
        .sort(),
    ).toEqual(["console:inc-1", "matrix:!abc:example.org"]);
    expect(store.rooms.listForIncident(99)).toEqual([]);
  });

  it("binding the same room twice is harmless", () => {
    const incident = store.incidents.insert(newIncident());
    const room = { platform: "slack", roomId: "C0INC1", incidentNumber: 1, name: "inc-1" };
    store.rooms.bind(room);
    expect(() => store.rooms.bind(room)).not.toThrow();
    expect(store.rooms.listForIncident(incident.number)).toEqual([
      { ...room, summaryMessageId: null },
    ]);
  });

  it("remembers the summary message to edit in place", () => {
    const incident = store.incidents.insert(newIncident());
    store.rooms.bind({
      platform: "slack",
      roomId: "C1",
      incidentNumber: incident.number,
      name: "inc-1",
    });
    store.rooms.setSummaryMessage("slack", "C1", "1700000000.000100");
    expect(store.rooms.findByRoom("slack", "C1")?.summaryMessageId).toBe("1700000000.000100");
  });
});

describe("broadcasts", () => {
  it("keeps one message per incident and broadcast room, replacing the id on save", () => {
    const incident = store.incidents.insert(newIncident());
    const broadcast = {
      incidentNumber: incident.number,
      platform: "slack",
      roomId: "C0BCAST",
      messageId: "1.1",
    };
    store.broadcasts.save(broadcast);
    store.broadcasts.save({ ...broadcast, messageId: "2.2" });
    expect(store.broadcasts.listForIncident(incident.number)).toEqual([
      { ...broadcast, messageId: "2.2" },
    ]);
  });
});

describe("recently resolved incidents", () => {
  it("finds the newest resolved incident of a group resolved since a time", () => {
    const a = store.incidents.insert({
      ...newIncident(),
      groupKey: "g",
      status: "resolved",
      resolvedAt: "2026-11-18T10:00:00.000Z",
    });
    store.incidents.insert({
      ...newIncident(),
      groupKey: "g",
      status: "closed",
      resolvedAt: "2026-11-18T10:01:00.000Z",
    });
    expect(store.incidents.findResolvedSince("g", "2026-11-18T09:59:00.000Z")?.number).toBe(
      a.number,
    );
    expect(store.incidents.findResolvedSince("g", "2026-11-18T10:00:01.000Z")).toBeUndefined();
    expect(store.incidents.findResolvedSince("other", "2026-11-18T09:00:00.000Z")).toBeUndefined();
  });
});

describe("transaction", () => {
  it("commits everything the function wrote and returns its value", () => {
    const number = store.transaction(() => {
      const incident = store.incidents.insert(newIncident());
      store.timeline.append(
        incident.number,
        [note("n", "2026-11-18T09:12:00Z")],
        "2026-11-18T09:13Z",
      );
      return incident.number;
    });
    expect(number).toBe(1);
    expect(store.incidents.get(1)).toBeDefined();
    expect(store.timeline.list(1)).toHaveLength(1);
  });

  it("rolls back everything when the function throws", () => {
    const before = store.incidents.insert(newIncident({ title: "kept" }));
    expect(() =>
      store.transaction(() => {
        const incident = store.incidents.insert(newIncident({ title: "lost" }));
        store.timeline.append(
          incident.number,
          [note("lost note", "2026-11-18T09:12:00Z")],
          "2026-11-18T09:13Z",
        );
        const { alert } = store.alerts.record(firing(), "2026-11-18T09:13Z");
        store.alerts.attach(alert.id, incident.number);
        store.rooms.bind({ platform: "slack", roomId: "C1", incidentNumber: 2, name: "inc-2" });
        store.incidents.save({ ...before, title: "changed" });
        throw new Error("chat platform exploded");
      }),
    ).toThrow("chat platform exploded");

    expect(store.incidents.list().map((incident) => incident.title)).toEqual(["kept"]);
    expect(store.incidents.get(2)).toBeUndefined();
    expect(store.timeline.list(2)).toEqual([]);
    expect(store.alerts.listForIncident(2)).toEqual([]);
    expect(store.rooms.findByRoom("slack", "C1")).toBeUndefined();
    // The alert was not kept either: recording it again finds it new.
    expect(store.alerts.record(firing(), "2026-11-18T09:14Z").change).toBe("new");
  });
});
