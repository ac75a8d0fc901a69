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

  // Each time parsed once: a long incident has 100,000 entries (and few distinct recording times).
  const occurred = entries.map((entry) => at(entry.occurredAt));
  const recorded = new Map<string, number>();
  const recordedAt = (iso: string) => {
    let ms = recorded.get(iso);
    if (ms === undefined) {
      ms = at(iso);
      recorded.set(iso, ms);
    }
    return ms;
  };
  for (const [i, entry] of entries.entries()) {
    const ms = occurred[i] as number;
    if (ms > now.getTime() + SKEW_MS || ms > recordedAt(entry.recordedAt) + SKEW_MS) {
      findings.push({
        kind: "future",
        message: `“${entry.text}” is dated ${entry.occurredAt}, in the future of when it was recorded (${entry.recordedAt}): check the source's clock.`,
      });
    }
  }

  const end = incident.resolvedAt ? at(incident.resolvedAt) : now.getTime();
  const opened = at(incident.openedAt);
  const during = entries
    .map((_, i) => i)
    .filter((i) => (occurred[i] as number) >= opened && (occurred[i] as number) <= end)
    .sort((a, b) => (occurred[a] as number) - (occurred[b] as number));
  for (let i = 1; i < during.length; i++) {
    const before = entries[during[i - 1] as number];
    const after = entries[during[i] as number];
    if (!before || !after) continue;
    const gap =
      (occurred[during[i] as number] as number) - (occurred[during[i - 1] as number] as number);
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
