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
  timeline: Iterable<TimelineEntry>,
  alerts: readonly StoredAlert[],
  now: Date,
  options: { silenceMs?: number; timeZone?: string } = {},
): TimelineFinding[] {
  const checker = timelineChecker(incident, alerts, now, options);
  for (const entry of timeline) checker.add(entry);
  return checker.findings();
}

/**
 * `checkTimeline` one entry at a time, for a pass over a long timeline that keeps none of it: of
 * each entry it keeps its time if it falls while the incident was open, and lifecycle entries.
 */
export function timelineChecker(
  incident: Incident,
  alerts: readonly StoredAlert[],
  now: Date,
  options: { silenceMs?: number; timeZone?: string } = {},
) {
  const silenceMs = options.silenceMs ?? 30 * 60_000;
  const clock = (iso: string) => formatClock(iso, options.timeZone);
  const at = (iso: string) => Date.parse(iso);
  const nowMs = now.getTime();
  const opened = at(incident.openedAt);
  const end = incident.resolvedAt ? at(incident.resolvedAt) : nowMs;
  const lifecycle: TimelineEntry[] = [];
  const future: TimelineFinding[] = [];
  // Recording times repeat (a batch shares one): each parsed once.
  const recorded = new Map<string, number>();
  /** When each entry happened while the incident was open (the silences are between them). */
  let during = new Float64Array(1024);
  let count = 0;

  return {
    add(entry: TimelineEntry): void {
      if (entry.withdrawnAt !== null) return;
      if (LIFECYCLE.has(entry.event.kind)) lifecycle.push(entry);
      const ms = at(entry.occurredAt);
      let recordedMs = recorded.get(entry.recordedAt);
      if (recordedMs === undefined) {
        recordedMs = at(entry.recordedAt);
        recorded.set(entry.recordedAt, recordedMs);
      }
      if (ms > nowMs + SKEW_MS || ms > recordedMs + SKEW_MS) {
        future.push({
          kind: "future",
          message: `“${entry.text}” is dated ${entry.occurredAt}, in the future of when it was recorded (${entry.recordedAt}): check the source's clock.`,
        });
      }
      if (ms >= opened && ms <= end) {
        if (count === during.length) {
          const grown = new Float64Array(count * 2);
          grown.set(during);
          during = grown;
        }
        during[count++] = ms;
      }
    },

    findings(): TimelineFinding[] {
      const findings: TimelineFinding[] = [];
      if (!incident.acknowledgedAt && incident.status !== "triage") {
        findings.push({
          kind: "no_acknowledgement",
          message: "Nobody acknowledged the incident: time to acknowledge is unknown.",
        });
      }

      lifecycle.sort((a, b) => at(a.recordedAt) - at(b.recordedAt) || a.id - b.id);
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
        if (entry.event.kind !== "declared" && at(entry.occurredAt) < opened) {
          findings.push({
            kind: "out_of_order",
            message: `“${entry.text}” at ${clock(entry.occurredAt)} is before the incident opened (${clock(incident.openedAt)}).`,
          });
        }
      }

      findings.push(...future);

      const times = during.subarray(0, count).sort();
      for (let i = 1; i < times.length; i++) {
        const before = times[i - 1] as number;
        const after = times[i] as number;
        const gap = after - before;
        if (gap > silenceMs) {
          findings.push({
            kind: "silence",
            message: `Nothing was recorded for ${formatDuration(gap)} between ${clock(new Date(before).toISOString())} and ${clock(new Date(after).toISOString())}: were there steps or decisions to add?`,
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
    },
  };
}
