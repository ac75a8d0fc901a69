import { alertRef, type NormalizedAlert, type StoredAlert } from "./alert.ts";
import type { Clock } from "./clock.ts";
import type { Actor, Incident } from "./incident.ts";
import { declareIncident } from "./incident-actions.ts";
import { isOpen } from "./lifecycle.ts";
import type { Severity } from "./severity.ts";
import type { Store } from "./store-ports.ts";
import type { NewTimelineEntry, TimelineEntry } from "./timeline-event.ts";

export interface AlertPolicy {
  severityFor(labels: Readonly<Record<string, string>>): Severity;
}

export interface IntakeResult {
  /** Alerts in the payload, and how many of them changed anything. */
  readonly received: number;
  readonly changed: number;
  /** Incidents this payload opened. */
  readonly opened: readonly number[];
  /** New timeline entries, in the order they were recorded. */
  readonly entries: readonly TimelineEntry[];
  /** Open incidents whose alerts have now all resolved. */
  readonly allResolved: readonly number[];
}

const SOURCE_NAMES: Readonly<Record<string, string>> = {
  alertmanager: "Alertmanager",
  grafana: "Grafana",
  pagerduty: "PagerDuty",
};

function sourceActor(source: string): Actor {
  return { id: source, name: SOURCE_NAMES[source] ?? source };
}

/**
 * Stores a batch of alerts and attaches firing ones to the open incident of their group, opening
 * one if there is none, all in one transaction: when this returns, nothing of it can be lost, and
 * a redelivered batch finds every alert unchanged.
 */
export function ingestAlerts(
  store: Store,
  alerts: readonly NormalizedAlert[],
  clock: Clock,
  policy: AlertPolicy,
): IntakeResult {
  const receivedAt = clock.now().toISOString();
  return store.transaction(() => {
    const opened: number[] = [];
    const entries: TimelineEntry[] = [];
    const touched = new Set<number>();
    let changed = 0;

    const incidentFor = (alert: StoredAlert): Incident => {
      const current = alert.incidentNumber ? store.incidents.get(alert.incidentNumber) : undefined;
      if (current && isOpen(current.status)) return current;
      const grouped = store.incidents.findOpenByGroupKey(alert.groupKey);
      if (grouped) return grouped;
      const outcome = declareIncident(
        {
          title: alertRef(alert).summary,
          severity: policy.severityFor(alert.labels),
          service: alert.labels.service ?? null,
          groupKey: alert.groupKey,
          trigger: "alert",
        },
        sourceActor(alert.source),
        receivedAt,
      );
      const incident = store.incidents.insert(outcome.incident);
      entries.push(...store.timeline.append(incident.number, outcome.entries, receivedAt));
      opened.push(incident.number);
      return incident;
    };

    const record = (incidentNumber: number, entry: NewTimelineEntry) => {
      entries.push(...store.timeline.append(incidentNumber, [entry], receivedAt));
      touched.add(incidentNumber);
    };

    for (const incoming of alerts) {
      const { change, alert } = store.alerts.record(incoming, receivedAt);
      if (change === "unchanged" || change === "stale") continue;
      changed++;
      const actor = sourceActor(alert.source);
      if (alert.status === "firing") {
        const incident = incidentFor(alert);
        store.alerts.attach(alert.id, incident.number);
        record(incident.number, {
          event: { kind: "alert_fired", alert: alertRef(alert) },
          occurredAt: alert.startsAt,
          actor,
        });
      } else if (alert.incidentNumber !== null) {
        record(alert.incidentNumber, {
          event: { kind: "alert_resolved", alert: alertRef(alert) },
          occurredAt: alert.endsAt ?? receivedAt,
          actor,
        });
      }
    }

    const allResolved = [...touched].filter((number) => {
      const incident = store.incidents.get(number);
      const attached = store.alerts.listForIncident(number);
      return (
        incident !== undefined &&
        isOpen(incident.status) &&
        attached.length > 0 &&
        attached.every((alert) => alert.status === "resolved")
      );
    });
    return { received: alerts.length, changed, opened, entries, allResolved };
  });
}
