import { clipText } from "../core/clip-text.ts";
import { formatClock, formatDay } from "../core/format-time.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import type { TimelineEntry } from "../core/timeline-event.ts";

/**
 * How much of a timeline a chat answer shows: its newest entries, up to about three Slack
 * messages' worth; the adapters split it into messages. The terminal shows it all.
 */
export const TIMELINE_CHAT_MAX_CHARS = 100_000;

/** Room for the line that says what was left out. */
const NOTE_ALLOWANCE = 200;

function entryLine(entry: TimelineEntry, timeZone: string): string {
  const marks = [entry.editedAt ? "edited" : "", entry.withdrawnAt ? "withdrawn" : ""].filter(
    Boolean,
  );
  const mark = marks.length > 0 ? ` (${marks.join(", ")})` : "";
  const text = entry.withdrawnAt ? `~${entry.text}~` : entry.text;
  return `  ${formatClock(entry.occurredAt, timeZone)}  ${entry.actor.name}: ${text}${mark}`;
}

/**
 * The timeline as chat or terminal text: a line per entry, a heading per day. With `maxChars`,
 * the newest entries that fit, and a line saying how many earlier ones were left out.
 */
export function formatTimeline(
  incidentNumber: number,
  entries: readonly TimelineEntry[],
  timeZone = "UTC",
  maxChars = Number.POSITIVE_INFINITY,
): string {
  const ref = formatIncidentRef(incidentNumber);
  if (entries.length === 0) return `${ref} has no timeline entries yet.`;
  const header = `Timeline of ${ref} (times in ${timeZone}):`;
  const budget = maxChars - header.length - NOTE_ALLOWANCE;
  const rows = entries.map((entry) => ({
    day: formatDay(entry.occurredAt, timeZone),
    line: clipText(entryLine(entry, timeZone), Math.max(budget - 100, 1)),
  }));
  // From the newest back, while they fit; a day's heading counts once, before its first row.
  let first = rows.length;
  let used = 0;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i] as (typeof rows)[number];
    const heading = i === rows.length - 1 || rows[i + 1]?.day !== row.day ? row.day.length + 1 : 0;
    const cost = row.line.length + 1 + heading;
    if (used + cost > budget && first < rows.length) break;
    used += cost;
    first = i;
  }
  const lines = [header];
  if (first > 0) {
    const earlier = first === 1 ? "1 earlier entry is" : `${first} earlier entries are`;
    lines.push(
      `(${earlier} left out here; \`firebreak timeline ${incidentNumber}\` shows them all.)`,
    );
  }
  let day = "";
  for (const row of rows.slice(first)) {
    if (row.day !== day) {
      day = row.day;
      lines.push(day);
    }
    lines.push(row.line);
  }
  return lines.join("\n");
}
