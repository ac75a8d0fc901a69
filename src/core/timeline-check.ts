import type { StoredAlert } from "./alert.ts";
import { formatClock } from "./format-time.ts";
import type { Incident } from "./incident.ts";
import { formatDuration } from "./response-metrics.ts";
import type { TimelineEntry } from "./timeline-event.ts";

export type TimelineFindingKind =
  | "no_acknowledgement"
  | "out_of_order"
  | "future"
  | "silence"
  | "resolved_while_firing";

export interface TimelineFinding {
  readonly kind: TimelineFindingKind;
  readonly message: string;
}

const LIFECYCLE = new Set(["declared", "acknowledged", "status", "resolved", "severity", "role"]);
const SKEW_MS = 60_000;

/**
 * Gaps and oddities a reviewer should look at before trusting the timeline in a postmortem. They
 * are questions, not errors: a long silence may be a quiet hour of waiting, or missing notes.
 */
export function checkTimeline(
  incident: Incident,
  timeline: readonly TimelineEntry[],
  alerts: readonly StoredAlert[],
  now: Date,
  options: { silenceMs?: number; timeZone?: string } = {},
): TimelineFinding[] {
  const silenceMs = options.silenceMs ?? 30 * 60_000;
  const clock = (iso: string) => formatClock(iso, options.timeZone);
  const entries = timeline.filter((entry) => entry.withdrawnAt === null);
  const findings: TimelineFinding[] = [];
  const at = (iso: string) => Date.parse(iso);

  if (!incident.acknowledgedAt && incident.status !== "triage") {
    findings.push({
      kind: "no_acknowledgement",
      message: "Nobody acknowledged the incident: time to acknowledge is unknown.",
    });
  }

  const lifecycle = entries
    .filter((entry) => LIFECYCLE.has(entry.event.kind))
    .sort((a, b) => at(a.recordedAt) - at(b.recordedAt) || a.id - b.id);
  for (let i = 1; i < lifecycle.length; i++) {
    const before = lifecycle[i - 1];
    const after = lifecycle[i];
    if (before && after && at(after.occurredAt) < at(before.occurredAt)) {
      findings.push({
        kind: "out_of_order",
        message: `“${after.text}” is dated ${clock(after.occurredAt)}, before “${before.text}” at ${clock(before.occurredAt)}, though it was recorded later.`,
      });
    }
  }
  for (const entry of lifecycle) {
    if (entry.event.kind !== "declared" && at(entry.occurredAt) < at(incident.openedAt)) {
      findings.push({
        kind: "out_of_order",
        message: `“${entry.text}” at ${clock(entry.occurredAt)} is before the incident opened (${clock(incident.openedAt)}).`,
      });
    }
  }

  for (const entry of entries) {
    if (
      at(entry.occurredAt) > now.getTime() + SKEW_MS ||
      at(entry.occurredAt) > at(entry.recordedAt) + SKEW_MS
    ) {
      findings.push({
        kind: "future",
        message: `“${entry.text}” is dated ${entry.occurredAt}, in the future of when it was recorded (${entry.recordedAt}): check the source's clock.`,
      });
    }
  }

  const end = incident.resolvedAt ? at(incident.resolvedAt) : now.getTime();
  const during = entries
    .filter((entry) => at(entry.occurredAt) >= at(incident.openedAt) && at(entry.occurredAt) <= end)
    .sort((a, b) => at(a.occurredAt) - at(b.occurredAt));
  for (let i = 1; i < during.length; i++) {
    const before = during[i - 1];
    const after = during[i];
    if (!before || !after) continue;
    const gap = at(after.occurredAt) - at(before.occurredAt);
    if (gap > silenceMs) {
      findings.push({
        kind: "silence",
        message: `Nothing was recorded for ${formatDuration(gap)} between ${clock(before.occurredAt)} and ${clock(after.occurredAt)}: were there steps or decisions to add?`,
      });
    }
  }

  const firing = alerts.filter((alert) => alert.status === "firing");
  if ((incident.status === "resolved" || incident.status === "closed") && firing.length > 0) {
    findings.push({
      kind: "resolved_while_firing",
      message: `The incident was resolved while ${firing.length} alert${firing.length === 1 ? " was" : "s were"} still firing.`,
    });
  }
  return findings;
}
