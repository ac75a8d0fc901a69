import { formatClock, formatDateTime, formatDay } from "./format-time.ts";
import type { Incident } from "./incident.ts";
import { formatDuration } from "./response-metrics.ts";
import { formatSeverity } from "./severity.ts";
import type { TimelineEntry } from "./timeline-event.ts";

/** The postmortem's times: durations per severity, and dates and clocks in the display time zone. */

/** How long the incident spent at each severity, from opening to resolution (or now). */
export function severityDurations(
  incident: Incident,
  timeline: readonly TimelineEntry[],
  now: Date,
) {
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

const DAY_MS = 86_400_000;

/**
 * formatDay, formatClock and formatDateTime for a whole timeline: the same strings, computed once
 * per second (they show nothing finer) instead of once per entry, and in UTC — where a day is
 * always 86,400 s — once per day and by arithmetic. Each zoned date costs tens of microseconds,
 * which a 100,000-entry timeline would otherwise pay 200,000 times.
 */
export function timeFormats(timeZone: string) {
  const memo = (format: (iso: string, timeZone: string) => string, per: number) => {
    const cache = new Map<number, string>();
    return (iso: string): string => {
      const ms = Date.parse(iso);
      if (Number.isNaN(ms)) return format(iso, timeZone);
      const key = Math.floor(ms / per);
      let text = cache.get(key);
      if (text === undefined) {
        text = format(iso, timeZone);
        cache.set(key, text);
      }
      return text;
    };
  };
  const utc = timeZone === "UTC";
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  const utcClock = (iso: string): string => {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return formatClock(iso, timeZone);
    const second = Math.floor((((ms % DAY_MS) + DAY_MS) % DAY_MS) / 1000);
    return `${two(Math.floor(second / 3600))}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}`;
  };
  return {
    day: memo(formatDay, utc ? DAY_MS : 1000),
    clock: utc ? utcClock : memo(formatClock, 1000),
    dateTime: memo(formatDateTime, 1000),
  };
}
