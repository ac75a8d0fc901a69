import { formatClock, formatDay } from "./format-time.ts";
import { formatIncidentRef } from "./incident-ref.ts";
import type { TimelineEntry } from "./timeline-event.ts";

/** The timeline as chat or terminal text: a line per entry, a heading per day. */
export function formatTimeline(
  incidentNumber: number,
  entries: readonly TimelineEntry[],
  timeZone = "UTC",
): string {
  if (entries.length === 0)
    return `${formatIncidentRef(incidentNumber)} has no timeline entries yet.`;
  const lines = [`Timeline of ${formatIncidentRef(incidentNumber)} (times in ${timeZone}):`];
  let day = "";
  for (const entry of entries) {
    const entryDay = formatDay(entry.occurredAt, timeZone);
    if (entryDay !== day) {
      day = entryDay;
      lines.push(day);
    }
    const marks = [entry.editedAt ? "edited" : "", entry.withdrawnAt ? "withdrawn" : ""].filter(
      Boolean,
    );
    const mark = marks.length > 0 ? ` (${marks.join(", ")})` : "";
    const text = entry.withdrawnAt ? `~${entry.text}~` : entry.text;
    lines.push(`  ${formatClock(entry.occurredAt, timeZone)}  ${entry.actor.name}: ${text}${mark}`);
  }
  return lines.join("\n");
}
