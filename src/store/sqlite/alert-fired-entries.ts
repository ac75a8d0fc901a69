import type Database from "better-sqlite3";
import { alertRef, type NormalizedAlert } from "../../core/alert.ts";
import { sourceActor } from "../../core/source-actor.ts";
import {
  describeEvent,
  type NewTimelineEntry,
  type TimelineEntry,
  type TimelineEvent,
} from "../../core/timeline-event.ts";

/**
 * An alert's `alert_fired` entry kept in its own row (alerts.fired_seq, see db-schema.ts): the
 * alert fired on `incidentNumber` at its startsAt, recorded when it was received, by its source,
 * worded from its labels — exactly the entry timeline.append would have stored.
 */
export function alertFiredEntry(
  alert: Pick<NormalizedAlert, "source" | "fingerprint" | "labels" | "annotations" | "startsAt">,
  id: number,
  incidentNumber: number,
  recordedAt: string,
): TimelineEntry {
  const event: TimelineEvent = { kind: "alert_fired", alert: alertRef(alert as NormalizedAlert) };
  return {
    id,
    incidentNumber,
    event,
    occurredAt: alert.startsAt,
    recordedAt,
    actor: sourceActor(alert.source),
    text: describeEvent(event),
    editedAt: null,
    withdrawnAt: null,
  };
}

/** Writing timeline rows, shared by the timeline and the alert repositories. */
export function timelineRows(client: Database.Database) {
  const insert = client.prepare<
    [number, string, string, number, string, string, string, string, string, string | null]
  >(
    `insert into timeline_entries (incident_number, kind, occurred_at, occurred_at_ms,
       recorded_at, actor_id, actor_name, text, event, ref)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertWithId = client.prepare<
    [number, number, string, string, number, string, string, string, string, string, null]
  >(
    `insert into timeline_entries (id, incident_number, kind, occurred_at, occurred_at_ms,
       recorded_at, actor_id, actor_name, text, event, ref)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The ids of entries kept in alert rows come from timeline_entries' own AUTOINCREMENT counter,
  // so they sort among the other entries in the order they were recorded and are never reused.
  const bump = client.prepare<[], { seq: number }>(
    "update sqlite_sequence set seq = seq + 1 where name = 'timeline_entries' returning seq",
  );
  const start = client.prepare<[], { seq: number }>(
    `insert into sqlite_sequence (name, seq) values ('timeline_entries', max(
       coalesce((select max(id) from timeline_entries), 0),
       coalesce((select max(fired_seq) from alerts), 0)) + 1)
     returning seq`,
  );
  return {
    /** Stores an entry (with the given id, if one was already taken for it). */
    insert(
      incidentNumber: number,
      entry: NewTimelineEntry,
      recordedAt: string,
      id?: number,
    ): TimelineEntry {
      const text = describeEvent(entry.event);
      const values = [
        entry.event.kind,
        entry.occurredAt,
        Date.parse(entry.occurredAt),
        recordedAt,
        entry.actor.id,
        entry.actor.name,
        text,
        JSON.stringify(entry.event),
      ] as const;
      let stored = id;
      if (stored === undefined) {
        stored = Number(insert.run(incidentNumber, ...values, entry.ref ?? null).lastInsertRowid);
      } else {
        insertWithId.run(stored, incidentNumber, ...values, null);
      }
      return {
        id: stored,
        incidentNumber,
        event: entry.event,
        occurredAt: entry.occurredAt,
        recordedAt,
        actor: { id: entry.actor.id, name: entry.actor.name },
        text,
        ...(entry.ref === undefined ? {} : { ref: entry.ref }),
        editedAt: null,
        withdrawnAt: null,
      };
    },
    /** Takes the next timeline entry id without storing a row. */
    nextId(): number {
      return (bump.get() ?? start.get())?.seq as number;
    },
  };
}
