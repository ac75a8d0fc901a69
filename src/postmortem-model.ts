import { alertRef, type StoredAlert } from "./alert.ts";
import { checkActionItem } from "./blameless-check.ts";
import { formatClock, formatDateTime, formatDay } from "./format-time.ts";
import type { Actor, Incident, Role } from "./incident.ts";
import { formatIncidentRef } from "./incident-ref.ts";
import { formatDuration, responseMetrics } from "./response-metrics.ts";
import { formatSeverity } from "./severity.ts";
import { checkTimeline } from "./timeline-check.ts";
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
  readonly roles: readonly { role: string; holder: string }[];
  readonly timeline: readonly { day: string; time: string; who: string; text: string }[];
  readonly updates: readonly { time: string; who: string; text: string }[];
  /** Time spent at each severity while open, worst first. */
  readonly severityDurations: readonly { severity: string; duration: string }[];
  readonly services: readonly string[];
  readonly actions: readonly { text: string; owner: string | null; due: string | null }[];
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

const SYSTEM_ACTORS = new Set(["alertmanager", "grafana", "pagerduty", "firebreak"]);

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
  return (actor) =>
    labels.get(actor.id) ?? (SYSTEM_ACTORS.has(actor.id) ? actor.name : "a responder");
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

/** How long the incident spent at each severity, from opening to resolution (or now). */
function severityDurations(incident: Incident, timeline: readonly TimelineEntry[], now: Date) {
  const declared = timeline.find((entry) => entry.event.kind === "declared");
  let severity = declared?.event.kind === "declared" ? declared.event.severity : incident.severity;
  let since = Date.parse(incident.openedAt);
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime();
  const spent = new Map<number, number>();
  for (const entry of timeline) {
    if (entry.event.kind !== "severity") continue;
    const at = Math.min(Date.parse(entry.occurredAt), end);
    spent.set(severity, (spent.get(severity) ?? 0) + Math.max(0, at - since));
    severity = entry.event.to;
    since = at;
  }
  spent.set(severity, (spent.get(severity) ?? 0) + Math.max(0, end - since));
  return [...spent.entries()]
    .filter(([, ms]) => ms > 0)
    .sort(([a], [b]) => a - b)
    .map(([sev, ms]) => ({
      severity: formatSeverity(sev as 1 | 2 | 3 | 4),
      duration: formatDuration(ms),
    }));
}

export function postmortemModel(
  incident: Incident,
  fullTimeline: readonly TimelineEntry[],
  alerts: readonly StoredAlert[],
  now: Date,
  timeZone = "UTC",
): PostmortemModel {
  // Withdrawn entries stay in the store's history, not in what the team publishes.
  const timeline = fullTimeline.filter((entry) => entry.withdrawnAt === null);
  const metrics = responseMetrics(incident, timeline);
  const show = (ms: number | null) => (ms === null ? null : formatDuration(ms));
  const labelOf = roleLabels(incident, timeline);
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
    alerts: alerts.map((alert) => ({
      name: alertRef(alert).name,
      summary: alertRef(alert).summary,
      firedAt: formatDateTime(alert.startsAt, timeZone),
      resolvedAt:
        alert.status === "resolved" && alert.endsAt ? formatDateTime(alert.endsAt, timeZone) : null,
    })),
    roles: Object.keys(incident.roles).map((role) => ({ role, holder: ROLE_LABELS[role as Role] })),
    timeline: timeline.map((entry) => ({
      day: formatDay(entry.occurredAt, timeZone),
      time: formatClock(entry.occurredAt, timeZone),
      who: labelOf(entry.actor),
      text: blamelessText(entry, labelOf),
    })),
    updates: timeline.flatMap((entry) =>
      entry.event.kind === "update"
        ? [
            {
              time: formatClock(entry.occurredAt, timeZone),
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
      ...checkTimeline(incident, fullTimeline, alerts, now, { timeZone }).map(
        (finding) => finding.message,
      ),
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
