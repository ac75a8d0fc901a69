import { and, asc, eq, sql } from "drizzle-orm";
import { timelineEntries, timelineRevisions } from "./db-schema.ts";
import type { Db } from "./open-database.ts";
import type { TimelineRepository } from "./store-ports.ts";
import {
  describeEvent,
  type NewTimelineEntry,
  type TimelineEntry,
  type TimelineEvent,
} from "./timeline-event.ts";

type Row = typeof timelineEntries.$inferSelect;

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
  const insert = db
    .insert(timelineEntries)
    .values({
      incidentNumber: sql.placeholder("incidentNumber"),
      kind: sql.placeholder("kind"),
      occurredAt: sql.placeholder("occurredAt"),
      occurredAtMs: sql.placeholder("occurredAtMs"),
      recordedAt: sql.placeholder("recordedAt"),
      actorId: sql.placeholder("actorId"),
      actorName: sql.placeholder("actorName"),
      text: sql.placeholder("text"),
      event: sql.placeholder("event"),
      ref: sql.placeholder("ref"),
    })
    .returning()
    .prepare();
  const ofIncident = db
    .select()
    .from(timelineEntries)
    .where(eq(timelineEntries.incidentNumber, sql.placeholder("incidentNumber")))
    .orderBy(asc(timelineEntries.occurredAtMs), asc(timelineEntries.id))
    .prepare();
  // All of a batch or none of it (a savepoint when the caller's transaction is already open).
  const appendAll = db.$client.transaction(
    (incidentNumber: number, entries: readonly NewTimelineEntry[], recordedAt: string) =>
      entries.map((entry) => {
        const row = insert.get({
          incidentNumber,
          kind: entry.event.kind,
          occurredAt: entry.occurredAt,
          occurredAtMs: Date.parse(entry.occurredAt),
          recordedAt,
          actorId: entry.actor.id,
          actorName: entry.actor.name,
          text: describeEvent(entry.event),
          event: entry.event,
          ref: entry.ref ?? null,
        });
        if (!row) throw new Error("recording a timeline entry returned no row");
        return toEntry(row);
      }),
  );
  return {
    append(incidentNumber, entries, recordedAt) {
      if (entries.length === 0) return [];
      return appendAll(incidentNumber, entries, recordedAt);
    },
    list(incidentNumber) {
      return ofIncident.all({ incidentNumber }).map(toEntry);
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
