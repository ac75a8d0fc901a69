import { eq } from "drizzle-orm";
import {
  type AlertStatus,
  alertRef,
  type NormalizedAlert,
  type StoredAlert,
} from "../../core/alert.ts";
import { sourceActor } from "../../core/source-actor.ts";
import type { AlertChange, AlertRepository } from "../../core/store-ports.ts";
import type { AlertRef } from "../../core/timeline-event.ts";
import { alertFiredEntry, timelineRows } from "./alert-fired-entries.ts";
import { alerts } from "./db-schema.ts";
import type { Db } from "./open-database.ts";
import {
  type FoundRow,
  type ListedRow,
  prepareAlertStatements,
} from "./sqlite-alert-statements.ts";

type Row = typeof alerts.$inferSelect;

/** Parsed label sets kept for the next refresh (then forgotten all at once, to bound memory). */
const PARSED_LABELS_KEPT = 50_000;

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

/** By time, not text: "09:12:03Z" is before "09:12:03.5Z", which sorts first as text. */
function byStartThenId(rows: readonly StoredAlert[]): StoredAlert[] {
  return rows
    .map((alert) => ({ alert, at: Date.parse(alert.startsAt) }))
    .sort((a, b) => a.at - b.at || a.alert.id - b.alert.id)
    .map(({ alert }) => alert);
}

export function sqliteAlertRepository(db: Db): AlertRepository {
  const {
    find,
    byId,
    insert,
    update,
    attach,
    attachFired,
    clearFired,
    ofIncident,
    firstOf,
    countsOf,
    dataVersion,
  } = prepareAlertStatements(db);
  const timeline = timelineRows(db.$client);
  /**
   * Before what an alert row's own alert_fired entry is made of changes (its incident, start,
   * or wording), the entry moves to timeline_entries, with its id: the timeline stays as it was.
   */
  const keepFiredEntry = (row: FoundRow) => {
    if (row.firedSeq === null || row.incidentNumber === null) return;
    const alert = fromRow(row);
    timeline.insert(
      row.incidentNumber,
      {
        event: { kind: "alert_fired", alert: alertRef(alert) },
        occurredAt: alert.startsAt,
        actor: sourceActor(alert.source),
      },
      alert.receivedAt,
      row.firedSeq,
    );
    clearFired.run(row.id);
  };
  const sameRef = (a: AlertRef, b: AlertRef) =>
    a.source === b.source &&
    a.fingerprint === b.fingerprint &&
    a.name === b.name &&
    a.summary === b.summary;
  const parsed = new Map<string, Readonly<Record<string, string>>>();
  const labelsOf = (json: string): Readonly<Record<string, string>> => {
    let labels = parsed.get(json);
    if (labels === undefined) {
      labels = JSON.parse(json) as Record<string, string>;
      if (parsed.size >= PARSED_LABELS_KEPT) parsed.clear();
      parsed.set(json, labels);
    }
    return labels;
  };

  // Writes through this repository since it was opened, and SQLite's count of commits by other
  // connections: listings read outside a transaction stay valid while neither changes, and are
  // dropped as soon as one does. (Inside a transaction a listing might hold writes that are then
  // rolled back, so those are never kept.)
  let writes = 0;
  const listed = new Map<number, StoredAlert[]>();
  let listedAt = { writes: -1, version: -1 };

  /** One row read by `find`: its own objects, not shared with listings. */
  const fromRow = ({ firedSeq: _firedSeq, ...row }: FoundRow): StoredAlert => ({
    ...row,
    status: row.status as AlertStatus,
    labels: JSON.parse(row.labels) as Record<string, string>,
    annotations: JSON.parse(row.annotations) as Record<string, string>,
  });
  const toStored = (rows: readonly ListedRow[]): StoredAlert[] =>
    rows.map((row) => ({
      id: row.id,
      source: row.source,
      fingerprint: row.fingerprint,
      groupKey: row.groupKey,
      status: row.status as AlertStatus,
      labels: labelsOf(row.labels),
      annotations: labelsOf(row.annotations),
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      generatorUrl: row.generatorUrl,
      incidentNumber: row.incidentNumber,
      receivedAt: row.receivedAt,
    }));
  const list = (incidentNumber: number): StoredAlert[] =>
    byStartThenId(toStored(ofIncident.all(incidentNumber)));

  return {
    record(alert, receivedAt) {
      writes++;
      const existing = find.get(alert.source, alert.groupKey, alert.fingerprint);
      if (!existing) {
        const labels = JSON.stringify(alert.labels);
        const annotations = JSON.stringify(alert.annotations);
        const { lastInsertRowid } = insert.run(
          alert.source,
          alert.fingerprint,
          alert.groupKey,
          alert.status,
          labels,
          annotations,
          alert.startsAt,
          alert.endsAt,
          alert.generatorUrl,
          receivedAt,
          receivedAt,
        );
        // What a read of the row gives back (labels and annotations through JSON, as stored).
        const stored: StoredAlert = {
          id: Number(lastInsertRowid),
          source: alert.source,
          fingerprint: alert.fingerprint,
          groupKey: alert.groupKey,
          status: alert.status,
          labels: JSON.parse(labels) as Record<string, string>,
          annotations: JSON.parse(annotations) as Record<string, string>,
          startsAt: alert.startsAt,
          endsAt: alert.endsAt,
          generatorUrl: alert.generatorUrl,
          incidentNumber: null,
          receivedAt,
        };
        return { change: "new", alert: stored };
      }
      const stored = fromRow(existing);
      const change = changeOf(stored, alert);
      if (change === "unchanged" || change === "stale") return { change, alert: stored };
      // A resolve may carry no labels (PagerDuty sends only the dedup key): keep what we know.
      const labels = Object.keys(alert.labels).length > 0 ? alert.labels : stored.labels;
      const annotations =
        Object.keys(alert.annotations).length > 0 ? alert.annotations : stored.annotations;
      // A resolve ends the episode that started then; only a re-fire starts a new one.
      const startsAt = change === "refired" ? alert.startsAt : stored.startsAt;
      if (
        existing.firedSeq !== null &&
        (startsAt !== stored.startsAt ||
          !sameRef(alertRef(stored), alertRef({ ...stored, labels, annotations })))
      ) {
        keepFiredEntry(existing);
      }
      const row = update.get({
        id: stored.id,
        status: alert.status,
        labels: JSON.stringify(labels),
        annotations: JSON.stringify(annotations),
        startsAt,
        endsAt: alert.endsAt,
        generatorUrl: alert.generatorUrl ?? stored.generatorUrl,
        updatedAt: receivedAt,
      });
      return { change, alert: row ? toAlert(row) : stored };
    },
    attach(alertId, incidentNumber) {
      writes++;
      const row = byId.get(alertId);
      if (row && row.incidentNumber !== incidentNumber) keepFiredEntry(row);
      attach.run(incidentNumber, alertId);
    },
    attachFiring(alert, incidentNumber, recordedAt) {
      // An alert stored by this very delivery: its row becomes its entry (one write, not two).
      if (alert.incidentNumber === null && alert.receivedAt === recordedAt) {
        writes++;
        const id = timeline.nextId();
        attachFired.run(incidentNumber, id, alert.id);
        return alertFiredEntry(alert, id, incidentNumber, recordedAt);
      }
      this.attach(alert.id, incidentNumber);
      return timeline.insert(
        incidentNumber,
        {
          event: { kind: "alert_fired", alert: alertRef(alert) },
          occurredAt: alert.startsAt,
          actor: sourceActor(alert.source),
        },
        recordedAt,
      );
    },
    moveAll(fromIncident, toIncident) {
      writes++;
      db.update(alerts)
        .set({ incidentNumber: toIncident })
        .where(eq(alerts.incidentNumber, fromIncident))
        .run();
    },
    countsForIncident(incidentNumber) {
      const row = countsOf.get(incidentNumber);
      return { firing: row?.firing ?? 0, resolved: row?.resolved ?? 0 };
    },
    firstForIncident(incidentNumber, limit) {
      return toStored(firstOf.all(incidentNumber, limit));
    },
    listForIncident(incidentNumber) {
      // A summary refresh lists the same incident several times in a row.
      if (db.$client.inTransaction) return list(incidentNumber);
      const version = dataVersion.get()?.data_version ?? -1;
      if (version !== listedAt.version || writes !== listedAt.writes) {
        listed.clear();
        listedAt = { writes, version };
      }
      let alerts = listed.get(incidentNumber);
      if (!alerts) {
        alerts = list(incidentNumber);
        listed.set(incidentNumber, alerts);
      }
      return alerts.slice();
    },
  };
}
