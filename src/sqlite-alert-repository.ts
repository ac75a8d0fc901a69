import { and, asc, eq } from "drizzle-orm";
import type { AlertStatus, NormalizedAlert, StoredAlert } from "./alert.ts";
import { alerts } from "./db-schema.ts";
import type { Db } from "./open-database.ts";
import type { AlertChange, AlertRepository } from "./store-ports.ts";

type Row = typeof alerts.$inferSelect;

function toAlert(row: Row): StoredAlert {
  const { updatedAt: _updatedAt, ...rest } = row;
  return { ...rest, status: row.status as AlertStatus };
}

/** How an incoming state relates to the stored one of the same alert. */
function changeOf(stored: StoredAlert, incoming: NormalizedAlert): AlertChange {
  if (stored.status === incoming.status) return "unchanged";
  if (incoming.status === "resolved") {
    // A resolve of an earlier episode (it ended before the stored firing started) must not end it.
    const endedAt = incoming.endsAt ? Date.parse(incoming.endsAt) : Number.POSITIVE_INFINITY;
    return endedAt < Date.parse(stored.startsAt) ? "stale" : "resolved";
  }
  // A firing after a resolve is a new episode only if it started after the resolve ended.
  const resolvedAt = stored.endsAt ? Date.parse(stored.endsAt) : Number.POSITIVE_INFINITY;
  return Date.parse(incoming.startsAt) > resolvedAt ? "refired" : "stale";
}

export function sqliteAlertRepository(db: Db): AlertRepository {
  const find = (alert: NormalizedAlert) =>
    db
      .select()
      .from(alerts)
      .where(
        and(
          eq(alerts.source, alert.source),
          eq(alerts.groupKey, alert.groupKey),
          eq(alerts.fingerprint, alert.fingerprint),
        ),
      )
      .get();

  return {
    record(alert, receivedAt) {
      const existing = find(alert);
      if (!existing) {
        const row = db
          .insert(alerts)
          .values({ ...alert, incidentNumber: null, receivedAt, updatedAt: receivedAt })
          .returning()
          .get();
        return { change: "new", alert: toAlert(row) };
      }
      const stored = toAlert(existing);
      const change = changeOf(stored, alert);
      if (change === "unchanged" || change === "stale") return { change, alert: stored };
      const row = db
        .update(alerts)
        .set({
          status: alert.status,
          // A resolve may carry no labels (PagerDuty sends only the dedup key): keep what we know.
          labels: Object.keys(alert.labels).length > 0 ? alert.labels : stored.labels,
          annotations:
            Object.keys(alert.annotations).length > 0 ? alert.annotations : stored.annotations,
          // A resolve ends the episode that started then; only a re-fire starts a new one.
          startsAt: change === "refired" ? alert.startsAt : stored.startsAt,
          endsAt: alert.endsAt,
          generatorUrl: alert.generatorUrl ?? stored.generatorUrl,
          updatedAt: receivedAt,
        })
        .where(eq(alerts.id, stored.id))
        .returning()
        .get();
      return { change, alert: row ? toAlert(row) : stored };
    },
    attach(alertId, incidentNumber) {
      db.update(alerts).set({ incidentNumber }).where(eq(alerts.id, alertId)).run();
    },
    moveAll(fromIncident, toIncident) {
      db.update(alerts)
        .set({ incidentNumber: toIncident })
        .where(eq(alerts.incidentNumber, fromIncident))
        .run();
    },
    listForIncident(incidentNumber) {
      return (
        db
          .select()
          .from(alerts)
          .where(eq(alerts.incidentNumber, incidentNumber))
          .orderBy(asc(alerts.id))
          .all()
          .map(toAlert)
          // By time, not text: "09:12:03Z" is before "09:12:03.5Z", which sorts first as text.
          .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id - b.id)
      );
    },
  };
}
