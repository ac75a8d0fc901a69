import { alertRef, type StoredAlert } from "./alert.ts";
import { checkActionItem } from "./blameless-check.ts";
import { alertBurstCollapser } from "./collapse-alert-bursts.ts";
import { formatCount, groupAlerts } from "./describe-alert-bursts.ts";
import { formatDateTime } from "./format-time.ts";
import type { Actor, Incident, Role } from "./incident.ts";
import { formatIncidentRef } from "./incident-ref.ts";
import { alertDates, alertGroupItem, burstRow } from "./postmortem-alert-rows.ts";
import { severityDurations, timeFormats } from "./postmortem-times.ts";
import { formatDuration, responseMetricsFrom } from "./response-metrics.ts";
import { formatSeverity } from "./severity.ts";
import { isSystemActor } from "./source-actor.ts";
import { timelineChecker } from "./timeline-check.ts";
import type { TimelineEntry } from "./timeline-event.ts";

/** Everything a postmortem template may use: facts only, already formatted, people as roles. */
export interface PostmortemModel {
  readonly ref: string;
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  readonly service: string | null;
  readonly timeZone: string;
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly duration: string | null;
  readonly metrics: Readonly<
    Record<"detect" | "acknowledge" | "mitigate" | "resolve", string | null>
  >;
  readonly alerts: readonly {
    name: string;
    summary: string;
    firedAt: string;
    resolvedAt: string | null;
  }[];
  /** How many alerts, `1,240`. */
  readonly alertCount: string;
  /**
   * The alerts for the impact section: one by one, except that an alert name with many alerts is
   * one item with exact counts in `detail` (then `firedAt` is the first firing and `resolvedAt`
   * the last resolution, once all resolved).
   */
  readonly alertGroups: readonly {
    name: string;
    /** Null for a group whose alerts' summaries differ. */
    summary: string | null;
    firedAt: string;
    resolvedAt: string | null;
    count: number;
    detail: string | null;
  }[];
  readonly roles: readonly { role: string; holder: string }[];
  /**
   * Every entry that is not an alert event as its own row, and bursts of alert events collapsed
   * into one row each (`14:02:10–14:09:55`, with counts): see collapse-alert-bursts.ts.
   */
  readonly timeline: readonly { day: string; time: string; who: string; text: string }[];
  readonly updates: readonly { time: string; who: string; text: string }[];
  /** Time spent at each severity while open, worst first. */
  readonly severityDurations: readonly { severity: string; duration: string }[];
  readonly services: readonly string[];
  readonly actions: readonly { text: string; owner: string | null; due: string | null }[];
  /** Runbook commands run during the response (dry runs left out). */
  readonly commandsRun: readonly { time: string; who: string; text: string }[];
  /** Questions for the reviewers: timeline gaps and oddities, vague action items. */
  readonly checks: readonly string[];
  readonly generatedAt: string;
}

const ROLE_LABELS: Readonly<Record<Role, string>> = {
  commander: "the commander",
  comms: "the communications lead",
  scribe: "the scribe",
  ops: "the operations lead",
};

/**
 * Blameless writing names roles, not people: whoever held a role is "the commander" (their first
 * role wins), other people are "a responder", alert sources keep their names.
 */
function roleLabels(
  incident: Incident,
  timeline: readonly TimelineEntry[],
): (actor: Actor) => string {
  const labels = new Map<string, string>();
  const give = (id: string, role: Role) => {
    if (!labels.has(id)) labels.set(id, ROLE_LABELS[role]);
  };
  for (const entry of timeline) {
    const { event } = entry;
    if (event.kind === "acknowledged" && event.becameCommander) give(entry.actor.id, "commander");
    if (event.kind === "role") give(event.user, event.role);
  }
  for (const [role, holder] of Object.entries(incident.roles)) {
    if (holder) give(holder.id, role as Role);
  }
  return (actor) => labels.get(actor.id) ?? (isSystemActor(actor.id) ? actor.name : "a responder");
}

/** The event text with people's names replaced by their roles where the event names them. */
function blamelessText(entry: TimelineEntry, labelOf: (actor: Actor) => string): string {
  const { event } = entry;
  if (event.kind === "action") {
    const owner = event.owner
      ? labelOf({ id: event.owner, name: event.ownerName ?? "" })
      : "no owner yet";
    return `Action item: ${event.text} (owner ${owner}${event.due ? `, due ${event.due}` : ""})`;
  }
  if (event.kind === "role") {
    return event.previous
      ? `Handed over the ${event.role} role to ${labelOf({ id: event.user, name: event.userName })}`
      : `Assigned the ${event.role} role`;
  }
  return entry.text;
}

export function postmortemModel(
  incident: Incident,
  fullTimeline: Iterable<TimelineEntry>,
  alerts: readonly StoredAlert[],
  now: Date,
  timeZone = "UTC",
): PostmortemModel {
  // One pass over the timeline, which may be a long incident's 100,000 entries read one at a time
  // from the store: alert events are counted into bursts and checked, not kept; the other
  // entries (people's, lifecycle changes: a few hundred) are kept for the sections below.
  const collapser = alertBurstCollapser(alerts);
  const checker = timelineChecker(incident, alerts, now, { timeZone });
  const timeline: TimelineEntry[] = [];
  let firstAlertAt: string | undefined;
  let firstAlertMs = Number.POSITIVE_INFINITY;
  for (const entry of fullTimeline) {
    // Withdrawn entries stay in the store's history, not in what the team publishes.
    if (entry.withdrawnAt !== null) continue;
    collapser.add(entry);
    checker.add(entry);
    const { kind } = entry.event;
    if (kind === "alert_fired") {
      // The first of the earliest, as responseMetrics finds it.
      const ms = Date.parse(entry.occurredAt);
      if (firstAlertAt === undefined || ms < firstAlertMs) {
        firstAlertAt = entry.occurredAt;
        firstAlertMs = ms;
      }
    } else if (kind !== "alert_resolved") {
      timeline.push(entry);
    }
  }
  const metrics = responseMetricsFrom(incident, firstAlertAt);
  const show = (ms: number | null) => (ms === null ? null : formatDuration(ms));
  const labelOf = roleLabels(incident, timeline);
  const times = timeFormats(timeZone);
  return {
    ref: formatIncidentRef(incident.number),
    title: incident.title,
    severity: formatSeverity(incident.severity),
    status: incident.status,
    service: incident.service,
    timeZone,
    openedAt: formatDateTime(incident.openedAt, timeZone),
    resolvedAt: incident.resolvedAt ? formatDateTime(incident.resolvedAt, timeZone) : null,
    duration: show(metrics.timeToResolveMs),
    metrics: {
      detect: show(metrics.timeToDetectMs),
      acknowledge: show(metrics.timeToAcknowledgeMs),
      mitigate: show(metrics.timeToMitigateMs),
      resolve: show(metrics.timeToResolveMs),
    },
    alerts: alerts.map((alert) => {
      const { name, summary } = alertRef(alert);
      return { name, summary, ...alertDates(alert, times.dateTime) };
    }),
    alertCount: formatCount(alerts.length),
    alertGroups: groupAlerts(alerts).map((group) => {
      const [first] = group.alerts;
      if (group.alerts.length === 1 && first) {
        const { name, summary } = alertRef(first);
        return { ...alertDates(first, times.dateTime), name, summary, count: 1, detail: null };
      }
      return alertGroupItem(group.name, group.alerts, times.dateTime);
    }),
    roles: Object.keys(incident.roles).map((role) => ({ role, holder: ROLE_LABELS[role as Role] })),
    timeline: collapser.rows().map((row) =>
      row.kind === "burst"
        ? burstRow(row.burst, times, labelOf)
        : {
            day: times.day(row.entry.occurredAt),
            time: times.clock(row.entry.occurredAt),
            who: labelOf(row.entry.actor),
            text: blamelessText(row.entry, labelOf),
          },
    ),
    updates: timeline.flatMap((entry) =>
      entry.event.kind === "update"
        ? [
            {
              time: times.clock(entry.occurredAt),
              who: labelOf(entry.actor),
              text: entry.event.text,
            },
          ]
        : [],
    ),
    severityDurations: severityDurations(incident, timeline, now),
    services: [
      ...new Set(
        [incident.service, ...alerts.map((alert) => alert.labels.service)].filter(
          (service): service is string => Boolean(service),
        ),
      ),
    ],
    commandsRun: timeline.flatMap((entry) =>
      entry.event.kind === "command_run" && !entry.event.dryRun
        ? [
            {
              time: times.clock(entry.occurredAt),
              who: labelOf(entry.actor),
              text: entry.text,
            },
          ]
        : [],
    ),
    actions: timeline.flatMap((entry) =>
      entry.event.kind === "action"
        ? [
            {
              text: entry.event.text,
              owner: entry.event.owner
                ? labelOf({ id: entry.event.owner, name: entry.event.ownerName ?? "" })
                : null,
              due: entry.event.due ?? null,
            },
          ]
        : [],
    ),
    checks: [
      ...checker.findings().map((finding) => finding.message),
      ...timeline.flatMap((entry) =>
        entry.event.kind === "action"
          ? checkActionItem(entry.event.text, entry.event.owner).map(
              (finding) =>
                `Action item “${finding.text}”: ${finding.problem} ${finding.suggestion}`,
            )
          : [],
      ),
    ],
    generatedAt: formatDateTime(now.toISOString(), timeZone),
  };
}
