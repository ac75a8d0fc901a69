import { and, eq } from "drizzle-orm";
import type { Actor } from "../../core/incident.ts";
import type { TimelineRepository } from "../../core/store-ports.ts";
import {
  describeEvent,
  type NewTimelineEntry,
  type TimelineEntry,
  type TimelineEvent,
} from "../../core/timeline-event.ts";
import { alertFiredEntry, timelineRows } from "./alert-fired-entries.ts";
import { timelineEntries, timelineRevisions } from "./db-schema.ts";
import type { Db } from "./open-database.ts";

type Row = typeof timelineEntries.$inferSelect;

/** A row of `list`, as SQLite returns it (the event still JSON). */
interface ListedRow {
  readonly id: number;
  readonly incidentNumber: number;
  readonly kind: string;
  readonly occurredAt: string;
  readonly occurredAtMs: number;
  readonly recordedAt: string;
  readonly actorId: string;
  readonly actorName: string;
  readonly text: string;
  readonly event: string;
  readonly ref: string | null;
  readonly editedAt: string | null;
  readonly withdrawnAt: string | null;
}

/** An alert row that holds its alert's alert_fired entry. */
interface FiredRow {
  readonly id: number;
  readonly source: string;
  readonly fingerprint: string;
  readonly labels: string;
  readonly annotations: string;
  readonly startsAt: string;
  readonly receivedAt: string;
}

function toEntry(row: Row): TimelineEntry {
  return {
    id: row.id,
    incidentNumber: row.incidentNumber,
    event: row.event as TimelineEvent,
    occurredAt: row.occurredAt,
    recordedAt: row.recordedAt,
    actor: { id: row.actorId, name: row.actorName },
    text: row.text,
    ...(row.ref === null ? {} : { ref: row.ref }),
    editedAt: row.editedAt,
    withdrawnAt: row.withdrawnAt,
  };
}

export function sqliteTimelineRepository(db: Db): TimelineRepository {
  const byId = (id: number) => db.select().from(timelineEntries).where(eq(timelineEntries.id, id));
  // Built and compiled once: intake appends an entry per alert, and a postmortem lists them all.
  const rows = timelineRows(db.$client);
  // A long incident's postmortem lists 100,000 entries: they are read one row at a time straight
  // into entries (no intermediate arrays and objects per row), with what repeats from row to row —
  // actors, batch times, alert events and their text — parsed and stored once per list.
  const ofIncident = db.$client.prepare<[number], ListedRow>(
    `select id, incident_number as incidentNumber, kind, occurred_at as occurredAt,
       occurred_at_ms as occurredAtMs, recorded_at as recordedAt, actor_id as actorId,
       actor_name as actorName, text, event, ref, edited_at as editedAt,
       withdrawn_at as withdrawnAt
     from timeline_entries where incident_number = ? order by occurred_at_ms, id`,
  );
  // The alert_fired entries kept in alert rows (see alerts.fired_seq), merged into the list.
  const firedOfIncident = db.$client.prepare<[number], FiredRow>(
    `select fired_seq as id, source, fingerprint, labels, annotations, starts_at as startsAt,
       received_at as receivedAt
     from alerts where incident_number = ? and fired_seq is not null`,
  );
  // All of a batch or none of it (a savepoint when the caller's transaction is already open).
  const appendAll = db.$client.transaction(
    (incidentNumber: number, entries: readonly NewTimelineEntry[], recordedAt: string) =>
      entries.map((entry) => rows.insert(incidentNumber, entry, recordedAt)),
  );
  return {
    append(incidentNumber, entries, recordedAt) {
      if (entries.length === 0) return [];
      return appendAll(incidentNumber, entries, recordedAt);
    },
    list(incidentNumber) {
      return Array.from(this.iterate(incidentNumber));
    },
    // One entry at a time: the connection is busy until the last one is read.
    *iterate(incidentNumber: number) {
      const strings = new Map<string, string>();
      const shared = (text: string): string => {
        const known = strings.get(text);
        if (known !== undefined) return known;
        strings.set(text, text);
        return text;
      };
      const actors = new Map<string, Actor>();
      const alertEvents = new Map<string, TimelineEvent>();
      const labels = new Map<string, Readonly<Record<string, string>>>();
      const parsed = (json: string) => {
        let value = labels.get(json);
        if (!value) {
          value = JSON.parse(json) as Record<string, string>;
          labels.set(json, value);
        }
        return value;
      };
      const fired = firedOfIncident
        .all(incidentNumber)
        .map((row) => ({ row, at: Date.parse(row.startsAt) }))
        .sort((a, b) => a.at - b.at || a.row.id - b.row.id);
      let next = 0;
      /** Entries kept in alert rows that come before (ms, id) in the list's order. */
      function* firedBefore(ms: number, id: number): Generator<TimelineEntry> {
        for (; next < fired.length; next++) {
          const { row, at } = fired[next] as (typeof fired)[number];
          if (at > ms || (at === ms && row.id > id)) return;
          const entry = alertFiredEntry(
            {
              source: row.source,
              fingerprint: row.fingerprint,
              labels: parsed(row.labels),
              annotations: parsed(row.annotations),
              startsAt: row.startsAt,
            },
            row.id,
            incidentNumber,
            shared(row.receivedAt),
          );
          const actorKey = `${entry.actor.id}\u0000${entry.actor.name}`;
          const actor = actors.get(actorKey) ?? entry.actor;
          actors.set(actorKey, actor);
          yield { ...entry, actor, text: shared(entry.text) };
        }
      }
      for (const row of ofIncident.iterate(incidentNumber)) {
        yield* firedBefore(row.occurredAtMs, row.id);
        const actorKey = `${row.actorId}\u0000${row.actorName}`;
        let actor = actors.get(actorKey);
        if (!actor) {
          actor = { id: row.actorId, name: row.actorName };
          actors.set(actorKey, actor);
        }
        const repeats = row.kind === "alert_fired" || row.kind === "alert_resolved";
        let event = repeats ? alertEvents.get(row.event) : undefined;
        if (!event) {
          event = JSON.parse(row.event) as TimelineEvent;
          if (repeats) alertEvents.set(row.event, event);
        }
        yield {
          id: row.id,
          incidentNumber: row.incidentNumber,
          event,
          occurredAt: row.occurredAt,
          recordedAt: shared(row.recordedAt),
          actor,
          text: repeats ? shared(row.text) : row.text,
          ...(row.ref === null ? {} : { ref: row.ref }),
          editedAt: row.editedAt,
          withdrawnAt: row.withdrawnAt,
        } satisfies TimelineEntry;
      }
      yield* firedBefore(Number.POSITIVE_INFINITY, 0);
    },
    findByRef(incidentNumber, ref) {
      const row = db
        .select()
        .from(timelineEntries)
        .where(
          and(eq(timelineEntries.incidentNumber, incidentNumber), eq(timelineEntries.ref, ref)),
        )
        .get();
      return row && toEntry(row);
    },
    revise(id, event, at) {
      const current = byId(id).get();
      if (!current) return;
      db.insert(timelineRevisions)
        .values({ entryId: id, text: current.text, event: current.event, replacedAt: at })
        .run();
      db.update(timelineEntries)
        .set({ event, text: describeEvent(event), editedAt: at })
        .where(eq(timelineEntries.id, id))
        .run();
    },
    withdraw(id, at) {
      db.update(timelineEntries).set({ withdrawnAt: at }).where(eq(timelineEntries.id, id)).run();
    },
    moveAll(fromIncident, toIncident) {
      db.update(timelineEntries)
        .set({ incidentNumber: toIncident })
        .where(eq(timelineEntries.incidentNumber, fromIncident))
        .run();
    },
    restore(id) {
      db.update(timelineEntries).set({ withdrawnAt: null }).where(eq(timelineEntries.id, id)).run();
    },
  };
}
