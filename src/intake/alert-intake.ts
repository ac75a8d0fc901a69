import { alertRef, type NormalizedAlert, type StoredAlert } from "../core/alert.ts";
import { clipText } from "../core/clip-text.ts";
import type { Clock } from "../core/clock.ts";
import type { Actor, Incident } from "../core/incident.ts";
import { changeStatus, declareIncident } from "../core/incident-actions.ts";
import { isOpen } from "../core/lifecycle.ts";
import { formatDuration } from "../core/response-metrics.ts";
import type { Route } from "../core/route.ts";
import {
  incidentGroupKey,
  matchRoute,
  routeNamed,
  routeService,
  routeSeverity,
} from "../core/select-route.ts";
import { sourceActor } from "../core/source-actor.ts";
import type { Store } from "../core/store-ports.ts";
import type { NewTimelineEntry, TimelineEntry } from "../core/timeline-event.ts";

export interface IntakeRules {
  readonly routes: readonly Route[];
  readonly defaultRoute: Route;
  /** A group firing again this soon after its incident resolved re-opens that incident. */
  readonly flapWindowMs: number;
}

/** An alert on a `notify` route: it is told to the route's broadcast room, no incident opens. */
export interface Notification {
  readonly route: Route;
  readonly alert: StoredAlert;
}

export interface IntakeResult {
  /** Alerts in the payload, and how many of them changed anything. */
  readonly received: number;
  readonly changed: number;
  /** Incidents this payload opened, and resolved ones it re-opened (flapping). */
  readonly opened: readonly number[];
  readonly reopened: readonly number[];
  /** New timeline entries, in the order they were recorded. */
  readonly entries: readonly TimelineEntry[];
  /** Open incidents whose alerts have now all resolved, and those their route then resolved. */
  readonly allResolved: readonly number[];
  readonly autoResolved: readonly number[];
  readonly notifications: readonly Notification[];
}

/** As long as a title typed in chat or sent to the generic webhook may be; the alert keeps all. */
const MAX_TITLE = 1024;

/**
 * The title of the incident an alert opens: its summary, else its name, else its source. A blank
 * one (an annotation template that rendered to nothing) would make declaring the incident fail.
 */
function alertTitle(alert: NormalizedAlert): string {
  const { summary, name } = alertRef(alert);
  const text = [summary, name].map((part) => part.trim()).find((part) => part !== "");
  const title = text ?? `Alert from ${sourceActor(alert.source).name}`;
  return clipText(title, MAX_TITLE);
}

/**
 * Stores a batch of alerts and attaches firing ones to the open incident of their group — opening
 * or re-opening one as their route says. Call it inside `store.transaction`, which makes the batch
 * all or nothing and durable (src/app.ts commits several deliveries in one); a redelivered batch
 * finds every alert unchanged.
 */
export function ingestAlerts(
  store: Store,
  alerts: readonly NormalizedAlert[],
  clock: Clock,
  rules: IntakeRules,
): IntakeResult {
  const now = clock.now();
  const receivedAt = now.toISOString();
  const flapSince = new Date(now.getTime() - rules.flapWindowMs).toISOString();
  const opened: number[] = [];
  const reopened: number[] = [];
  const entries: TimelineEntry[] = [];
  const notifications: Notification[] = [];
  const touched = new Set<number>();
  // Incidents an alert resolved in: only these can have had their last firing alert resolve.
  const resolvedIn = new Set<number>();
  // What this batch already looked up, so a storm's thousand alerts of one group cost one query.
  // In the caller's transaction only this function changes incidents, and it keeps these current.
  const byNumber = new Map<number, Incident | undefined>();
  const openByGroup = new Map<string, Incident>();
  let changed = 0;

  const incident = (number: number): Incident | undefined => {
    if (!byNumber.has(number)) byNumber.set(number, store.incidents.get(number));
    return byNumber.get(number);
  };
  const remember = (found: Incident, groupKey: string): Incident => {
    byNumber.set(found.number, found);
    openByGroup.set(groupKey, found);
    return found;
  };

  const record = (incidentNumber: number, ...batch: NewTimelineEntry[]) => {
    entries.push(...store.timeline.append(incidentNumber, batch, receivedAt));
    touched.add(incidentNumber);
  };

  const reopen = (incident: Incident, actor: Actor): Incident => {
    const after = formatDuration(
      Date.parse(receivedAt) - Date.parse(incident.resolvedAt ?? receivedAt),
    );
    const outcome = changeStatus(
      incident,
      "investigating",
      `re-opened: its alerts fired again ${after} after it was resolved`,
      actor,
      receivedAt,
    );
    store.incidents.save(outcome.incident);
    record(incident.number, ...outcome.entries);
    reopened.push(incident.number);
    return outcome.incident;
  };

  const incidentFor = (alert: StoredAlert, route: Route, actor: Actor): Incident => {
    const current = alert.incidentNumber ? incident(alert.incidentNumber) : undefined;
    if (current && isOpen(current.status)) return current;
    const groupKey = incidentGroupKey(route, alert.groupKey, alert.labels);
    const known = openByGroup.get(groupKey);
    if (known) return known;
    const grouped = store.incidents.findOpenByGroupKey(groupKey);
    if (grouped) return remember(grouped, groupKey);
    const flapped = store.incidents.findResolvedSince(groupKey, flapSince);
    if (flapped) return remember(reopen(flapped, actor), groupKey);
    const outcome = declareIncident(
      {
        title: alertTitle(alert),
        severity: routeSeverity(route, alert.labels),
        service: routeService(route, alert.labels),
        groupKey,
        route: route.name,
        private: route.private,
        triage: route.mode === "triage",
        trigger: "alert",
      },
      actor,
      receivedAt,
    );
    const declared = store.incidents.insert(outcome.incident);
    record(declared.number, ...outcome.entries);
    opened.push(declared.number);
    return remember(declared, groupKey);
  };

  for (const incoming of alerts) {
    const { change, alert } = store.alerts.record(incoming, receivedAt);
    if (change === "unchanged" || change === "stale") continue;
    changed++;
    const actor = sourceActor(alert.source);
    const route = matchRoute(rules.routes, rules.defaultRoute, alert.labels);
    if (route.mode === "notify" && alert.incidentNumber === null) {
      notifications.push({ route, alert });
    } else if (alert.status === "firing") {
      const { number } = incidentFor(alert, route, actor);
      entries.push(store.alerts.attachFiring(alert, number, receivedAt));
      touched.add(number);
    } else if (alert.incidentNumber !== null) {
      resolvedIn.add(alert.incidentNumber);
      record(alert.incidentNumber, {
        event: { kind: "alert_resolved", alert: alertRef(alert) },
        occurredAt: alert.endsAt ?? receivedAt,
        actor,
      });
    }
  }

  // An incident this batch only added firing alerts to has at least one firing alert.
  const allResolved = [...touched].filter((number) => {
    if (!resolvedIn.has(number)) return false;
    const current = incident(number);
    const counts = store.alerts.countsForIncident(number);
    return (
      current !== undefined && isOpen(current.status) && counts.resolved > 0 && counts.firing === 0
    );
  });

  const autoResolved = allResolved.filter((number) => {
    const current = incident(number);
    if (!current || current.status === "triage") return false;
    const route = routeNamed(rules.routes, rules.defaultRoute, current.route);
    if (!route.autoResolve) return false;
    const outcome = changeStatus(
      current,
      "resolved",
      `every alert resolved; the route "${route.name}" resolves automatically`,
      { id: "firebreak", name: "Firebreak" },
      receivedAt,
    );
    store.incidents.save(outcome.incident);
    record(number, ...outcome.entries);
    return true;
  });

  return {
    received: alerts.length,
    changed,
    opened,
    reopened,
    entries,
    allResolved: allResolved.filter((number) => !autoResolved.includes(number)),
    autoResolved,
    notifications,
  };
}
