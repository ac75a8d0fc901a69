import { formatClock } from "../core/format-time.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import { formatSeverity } from "../core/severity.ts";
import type { TimelineEntry } from "../core/timeline-event.ts";

/** What the bot says in the incident room when an entry is recorded; undefined when nothing. */
export function noticeForEntry(entry: TimelineEntry, commandPrefix: string): string | undefined {
  const { event, actor } = entry;
  const ref = formatIncidentRef(entry.incidentNumber);
  switch (event.kind) {
    case "declared":
      return undefined; // the summary message announces it
    case "alert_fired":
    case "alert_resolved":
      return undefined; // the summary message shows alerts, edited in place and coalesced
    case "acknowledged":
      return event.becameCommander
        ? `${actor.name} acknowledged ${ref} and is now the commander.`
        : `${actor.name} acknowledged ${ref}.`;
    case "status":
      return `${actor.name} set the status to *${event.to}*${event.text ? `: ${event.text}` : "."}`;
    case "severity":
      return `${actor.name} changed the severity from ${formatSeverity(event.from)} to ${formatSeverity(event.to)}.`;
    case "role":
      return event.previous
        ? `${actor.name} handed ${event.role} over from ${event.previous} to ${event.userName}.`
        : `${actor.name} made ${event.userName} ${event.role}.`;
    case "note":
      return `📝 Noted on the timeline.`;
    case "update": {
      const lines = [
        `📣 Status update from ${actor.name}${event.status ? ` (${event.status})` : ""}: ${event.text}`,
      ];
      if (event.impact) lines.push(`Impact: ${event.impact}`);
      if (event.nextUpdateAt) lines.push(`Next update by ${formatClock(event.nextUpdateAt)} UTC.`);
      return lines.join("\n");
    }
    case "command_run":
      return undefined; // the run's own message shows it, edited as output arrives
    case "action":
      return `☑️ ${entry.text}`;
    case "message":
      return `📌 ${actor.name}'s message is on the timeline, at the time it was sent.`;
    case "resolved":
      return `✅ ${actor.name} resolved ${ref}${event.summary ? `: ${event.summary}` : "."}\n\`${commandPrefix} timeline\` shows what happened; the postmortem draft is next.`;
  }
}
