// An alert's alert_fired entry kept in its own row (alerts.fired_seq): the timeline must read
// exactly as if every entry had been written to timeline_entries, before and after the upgrade.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { alertRef, type NormalizedAlert, type StoredAlert } from "../../../../src/core/alert.ts";
import type { NewIncident } from "../../../../src/core/incident.ts";
import { sourceActor } from "../../../../src/core/source-actor.ts";
import type { Store } from "../../../../src/core/store-ports.ts";
import {
  describeEvent,
  type NewTimelineEntry,
  type TimelineEvent,
} from "../../../../src/core/timeline-event.ts";
import { databasePath, MIGRATIONS_DIR } from "../../../../src/store/sqlite/open-database.ts";
import { openSqliteStore } from "../../../../src/store/sqlite/sqlite-store.ts";
import { makeTempDir, removeTempDir } from "../../../helpers/temp-store.ts";

const RECEIVED = "2026-11-18T09:13:00.000Z";
const LATER = "2026-11-18T09:30:00.000Z";

function newIncident(groupKey = "group-a"): NewIncident {
  return {
    title: "Nova API down",
    severity: 2,
    status: "investigating",
    private: false,
    service: null,
    groupKey,
    route: null,
    roles: {},
    declaredBy: null,
    openedAt: RECEIVED,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    updatedAt: RECEIVED,
  };
}

function alert(index: number, overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    source: "alertmanager",
    fingerprint: `fp-${index}`,
    status: "firing",
    labels: { alertname: "NovaApiDown", instance: `ctl-${index}:8774` },
    annotations: { summary: "Nova API is not answering" },
    // Two alerts start at the very time the incident is declared: the tie goes by recording order.
    startsAt: index < 2 ? RECEIVED : "2026-11-18T09:12:03.5Z",
    endsAt: null,
    generatorUrl: null,
    groupKey: "group-a",
    ...overrides,
  };
}

const firedEntry = (stored: StoredAlert): NewTimelineEntry => ({
  event: { kind: "alert_fired", alert: alertRef(stored) },
  occurredAt: stored.startsAt,
  actor: sourceActor(stored.source),
});

const declared: NewTimelineEntry = {
  event: { kind: "declared", title: "Nova API down", severity: 2, trigger: "alert" },
  occurredAt: RECEIVED,
  actor: { id: "firebreak", name: "Firebreak" },
};

/**
 * A storm's first delivery, then more: declared, alerts firing, a note, a resolve. `derived` runs
 * it as intake now does (attachFiring); otherwise as before (attach, then timeline.append).
 */
function story(store: Store, derived: boolean) {
  const incident = store.incidents.insert(newIncident());
  const entries = [...store.timeline.append(incident.number, [declared], RECEIVED)];
  for (let index = 0; index < 4; index++) {
    const { alert: stored } = store.alerts.record(alert(index), RECEIVED);
    if (derived) {
      entries.push(store.alerts.attachFiring(stored, incident.number, RECEIVED));
    } else {
      store.alerts.attach(stored.id, incident.number);
      entries.push(...store.timeline.append(incident.number, [firedEntry(stored)], RECEIVED));
    }
  }
  const note: NewTimelineEntry = {
    event: { kind: "note", text: "Rolled back" },
    occurredAt: RECEIVED,
    actor: { id: "alice", name: "Alice" },
  };
  entries.push(...store.timeline.append(incident.number, [note], LATER));
  return { incident: incident.number, entries };
}

let dirs: string[];
let stores: Store[];

function openStore(dir = makeTempDir()): Store {
  dirs.push(dir);
  const store = openSqliteStore(dir);
  stores.push(store);
  return store;
}

beforeEach(() => {
  dirs = [];
  stores = [];
});

afterEach(() => {
  for (const store of stores) {
    try {
      store.close();
    } catch {
      // closed already
    }
  }
  for (const dir of new Set(dirs)) removeTempDir(dir);
});

describe("alert_fired entries kept in alert rows", () => {
  it("list exactly as the same entries written to timeline_entries, ids and order included", () => {
    const derived = openStore();
    const written = openStore();
    const a = story(derived, true);
    const b = story(written, false);
    expect(a.entries).toEqual(b.entries);
    expect(derived.timeline.list(a.incident)).toEqual(written.timeline.list(b.incident));
    // The ties at the declaration time keep recording order: declared, the two alerts, the note.
    expect(derived.timeline.list(a.incident).map((entry) => entry.event.kind)).toEqual([
      "alert_fired",
      "alert_fired",
      "declared",
      "alert_fired",
      "alert_fired",
      "note",
    ]);
  });

  it("stay as they were when the alert resolves with new wording, refires, or moves", () => {
    const derived = openStore();
    const written = openStore();
    const a = story(derived, true);
    const b = story(written, false);
    for (const [store, number] of [
      [derived, a.incident],
      [written, b.incident],
    ] as const) {
      // Resolved with another summary: the fired entry keeps the words it was recorded with.
      store.alerts.record(
        alert(0, {
          status: "resolved",
          endsAt: "2026-11-18T09:20:00Z",
          annotations: { summary: "now worded otherwise" },
        }),
        LATER,
      );
      // Resolved, then firing again (a new episode): the first episode's entry keeps its time.
      store.alerts.record(alert(1, { status: "resolved", endsAt: "2026-11-18T09:20:00Z" }), LATER);
      const { alert: refired } = store.alerts.record(
        alert(1, { startsAt: "2026-11-18T09:25:00Z" }),
        LATER,
      );
      const other = store.incidents.insert(newIncident("group-b"));
      store.alerts.attach(refired.id, other.number);
      store.timeline.append(other.number, [firedEntry(refired)], LATER);
      // Alert 2 moves to incident 2 without a new entry: its old entry stays on incident 1.
      const { alert: moved } = store.alerts.record(alert(2), LATER);
      store.alerts.attach(moved.id, other.number);
      expect(store.timeline.list(other.number)).toHaveLength(1);
      expect(store.timeline.list(number)).toHaveLength(6);
    }
    expect(derived.timeline.list(a.incident)).toEqual(written.timeline.list(b.incident));
    expect(derived.timeline.list(a.incident + 1)).toEqual(written.timeline.list(b.incident + 1));
    // A merge moves both kinds of entry.
    derived.alerts.moveAll(a.incident, a.incident + 1);
    derived.timeline.moveAll(a.incident, a.incident + 1);
    written.alerts.moveAll(b.incident, b.incident + 1);
    written.timeline.moveAll(b.incident, b.incident + 1);
    expect(derived.timeline.list(a.incident)).toEqual([]);
    expect(derived.timeline.list(a.incident + 1)).toEqual(written.timeline.list(b.incident + 1));
    expect(derived.timeline.list(a.incident + 1)).toHaveLength(7);
  });

  it("write one alert row and no timeline row for an alert a delivery stores and attaches", () => {
    const store = openStore();
    const { incident } = story(store, true);
    store.close();
    const db = new Database(databasePath(dirs[0] as string), { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count("select count(*) as n from timeline_entries")).toBe(2);
    expect(count("select count(*) as n from alerts where fired_seq is not null")).toBe(4);
    db.close();
    expect(openStore(dirs[0]).timeline.list(incident)).toHaveLength(6);
  });
});

describe("upgrading a database made before alert rows held their entries", () => {
  /** The migrations up to 0007, as the previous version shipped them. */
  function oldMigrations(into: string): string {
    const folder = join(into, "migrations");
    mkdirSync(join(folder, "meta"), { recursive: true });
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8"));
    journal.entries = journal.entries.filter((entry: { idx: number }) => entry.idx <= 7);
    writeFileSync(join(folder, "meta", "_journal.json"), JSON.stringify(journal));
    for (const entry of journal.entries as { tag: string }[]) {
      copyFileSync(join(MIGRATIONS_DIR, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
    }
    return folder;
  }

  it("turns entries an alert row can tell into that row's, and lists the same timeline", () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = databasePath(dir);
    const client = new Database(file);
    migrate(drizzle({ client }), { migrationsFolder: oldMigrations(dir) });
    const incident = (groupKey: string) =>
      Number(
        client
          .prepare(
            `insert into incidents (title, severity, status, private, group_key, roles, opened_at,
               updated_at) values ('Nova API down', 2, 'investigating', 0, ?, '{}', ?, ?)`,
          )
          .run(groupKey, RECEIVED, RECEIVED).lastInsertRowid,
      );
    const first = incident("group-a");
    const second = incident("group-b");
    const addAlert = (a: NormalizedAlert, incidentNumber: number, receivedAt = RECEIVED) =>
      client
        .prepare(
          `insert into alerts (source, fingerprint, group_key, status, labels, annotations,
             starts_at, ends_at, generator_url, incident_number, received_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          a.source,
          a.fingerprint,
          a.groupKey,
          a.status,
          JSON.stringify(a.labels),
          JSON.stringify(a.annotations),
          a.startsAt,
          a.endsAt,
          a.generatorUrl,
          incidentNumber,
          receivedAt,
          receivedAt,
        );
    // What the previous version wrote for an entry (sqlite-timeline-repository's append).
    const addEntry = (
      incidentNumber: number,
      entry: NewTimelineEntry,
      recordedAt: string,
      extra = "",
    ) =>
      client
        .prepare(
          `insert into timeline_entries (incident_number, kind, occurred_at, occurred_at_ms,
             recorded_at, actor_id, actor_name, text, event, ref, edited_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)`,
        )
        .run(
          incidentNumber,
          entry.event.kind,
          entry.occurredAt,
          Date.parse(entry.occurredAt),
          recordedAt,
          entry.actor.id,
          entry.actor.name,
          describeEvent(entry.event),
          JSON.stringify(entry.event),
          extra === "edited" ? LATER : null,
        );
    const fired = (a: NormalizedAlert): NewTimelineEntry => ({
      event: { kind: "alert_fired", alert: alertRef(a) } as TimelineEvent,
      occurredAt: a.startsAt,
      actor: sourceActor(a.source),
    });
    addEntry(first, declared, RECEIVED);
    const plain = [0, 1, 2].map((index) => alert(index));
    for (const a of plain) {
      addAlert(a, first);
      addEntry(first, fired(a), RECEIVED);
    }
    // Same fingerprint in two groups, both on incident 1 at the same time: paired one to one.
    const twins = [alert(7), alert(7, { groupKey: "group-z" })];
    for (const a of twins) addAlert(a, first);
    for (const a of twins) addEntry(first, fired(a), RECEIVED);
    // Worded from labels it no longer has: stays a timeline row.
    const relabelled = alert(3, { annotations: { summary: "new words" } });
    addAlert(relabelled, first);
    addEntry(first, fired(alert(3)), RECEIVED);
    // Refired later (its start moved): its first episode's entry stays a timeline row.
    const refired = alert(4, { startsAt: "2026-11-18T09:25:00Z" });
    addAlert(refired, second);
    addEntry(second, fired(alert(4)), RECEIVED);
    addEntry(second, fired(refired), LATER);
    // Edited entries are never taken over.
    const edited = alert(5);
    addAlert(edited, second);
    addEntry(second, fired(edited), RECEIVED, "edited");
    // A generic-webhook alert (another actor name) and one with no instance or summary.
    const generic = alert(6, {
      source: "generic",
      labels: { alertname: "Disk" },
      annotations: { description: "Disk full" },
    });
    addAlert(generic, second);
    addEntry(second, fired(generic), RECEIVED);
    const bare = alert(8, { labels: {}, annotations: {} });
    addAlert(bare, second);
    addEntry(second, fired(bare), RECEIVED);
    client.close();

    const before = (() => {
      const db = new Database(file, { readonly: true });
      const rows = db
        .prepare("select * from timeline_entries order by incident_number, occurred_at_ms, id")
        .all() as { incident_number: number; id: number; event: string; text: string }[];
      db.close();
      return rows;
    })();

    const store = openStore(dir);
    const after = [first, second].flatMap((number) => store.timeline.list(number));
    expect(after.map((entry) => [entry.incidentNumber, entry.id, entry.text])).toEqual(
      before.map((row) => [row.incident_number, row.id, row.text]),
    );
    expect(after.map((entry) => entry.event)).toEqual(before.map((row) => JSON.parse(row.event)));
    store.close();

    const db = new Database(file, { readonly: true });
    const kept = db
      .prepare("select fingerprint, group_key as g from alerts where fired_seq is not null")
      .all() as { fingerprint: string; g: string }[];
    expect(kept.map((row) => `${row.fingerprint}/${row.g}`).sort()).toEqual([
      "fp-0/group-a",
      "fp-1/group-a",
      "fp-2/group-a",
      "fp-6/group-a",
      "fp-7/group-a",
      "fp-7/group-z",
      "fp-8/group-a",
    ]);
    const left = db.prepare("select count(*) as n from timeline_entries").get() as { n: number };
    expect(left.n).toBe(before.length - 7);
    db.close();
  });
});
