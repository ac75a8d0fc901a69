import type { Incident } from "./incident.ts";
import type { TimelineEntry } from "./timeline-event.ts";

/**
 * Durations in milliseconds, null while the milestone has not been reached.
 * Detection counts from the first alert that fired to the incident opening; the others count from
 * the incident opening, the moment Firebreak (and so the responders) knew.
 */
export interface ResponseMetrics {
  readonly timeToDetectMs: number | null;
  readonly timeToAcknowledgeMs: number | null;
  readonly timeToMitigateMs: number | null;
  readonly timeToResolveMs: number | null;
}

function between(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  return Math.max(0, Date.parse(to) - Date.parse(from));
}

export function responseMetrics(
  incident: Incident,
  timeline: Iterable<TimelineEntry>,
): ResponseMetrics {
  // The earliest firing (the first of equals), in one pass: a storm has 100,000 of them.
  let firstAlert: string | undefined;
  let firstMs = Number.POSITIVE_INFINITY;
  for (const entry of timeline) {
    if (entry.event.kind !== "alert_fired") continue;
    const ms = Date.parse(entry.occurredAt);
    if (firstAlert === undefined || ms < firstMs) {
      firstAlert = entry.occurredAt;
      firstMs = ms;
    }
  }
  return responseMetricsFrom(incident, firstAlert);
}

/** `responseMetrics`, given when the first alert fired (UTC ISO), if one did. */
export function responseMetricsFrom(
  incident: Incident,
  firstAlertAt: string | undefined,
): ResponseMetrics {
  return {
    timeToDetectMs: between(firstAlertAt, incident.openedAt),
    timeToAcknowledgeMs: between(incident.openedAt, incident.acknowledgedAt),
    timeToMitigateMs: between(incident.openedAt, incident.mitigatedAt),
    timeToResolveMs: between(incident.openedAt, incident.resolvedAt),
  };
}

/** `47s`, `12m 05s`, `3h 02m`, `2d 4h`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, "0")}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
