import { asc, eq } from "drizzle-orm";
import { timelineEntries } from "./db-schema.ts";
import type { Db } from "./open-database.ts";
import type { TimelineRepository } from "./store-ports.ts";
import { describeEvent, type TimelineEntry, type TimelineEvent } from "./timeline-event.ts";

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
  };
}

export function sqliteTimelineRepository(db: Db): TimelineRepository {
  return {
    append(incidentNumber, entries, recordedAt) {
      if (entries.length === 0) return [];
      const rows = db
        .insert(timelineEntries)
        .values(
          entries.map((entry) => ({
            incidentNumber,
            kind: entry.event.kind,
            occurredAt: entry.occurredAt,
            occurredAtMs: Date.parse(entry.occurredAt),
            recordedAt,
            actorId: entry.actor.id,
            actorName: entry.actor.name,
            text: describeEvent(entry.event),
            event: entry.event,
          })),
        )
        .returning()
        .all();
      return rows.map(toEntry);
    },
    list(incidentNumber) {
      return db
        .select()
        .from(timelineEntries)
        .where(eq(timelineEntries.incidentNumber, incidentNumber))
        .orderBy(asc(timelineEntries.occurredAtMs), asc(timelineEntries.id))
        .all()
        .map(toEntry);
    },
  };
}
