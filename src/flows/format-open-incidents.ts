import type { Incident } from "../core/incident.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import { canSee } from "../core/incident-visibility.ts";
import { isOpen } from "../core/lifecycle.ts";
import { formatDuration } from "../core/response-metrics.ts";
import { formatSeverity } from "../core/severity.ts";

export interface ListingContext {
  readonly viewerId: string;
  /** The incident whose room the list was asked for in, if any. */
  readonly roomIncident?: number | undefined;
  /** The answer reaches the viewer alone (Slack's ephemeral messages). */
  readonly privateReply: boolean;
  readonly prefix: string;
  readonly now: Date;
}

export interface Listing {
  readonly text: string;
  /** It names a private incident: only the viewer may read it. */
  readonly private: boolean;
}

function leftOutNote(count: number, prefix: string): string {
  return count === 1
    ? `1 private incident you are in is left out here, where everyone in the room would read it; \`${prefix} list\` in its own room shows it.`
    : `${count} private incidents you are in are left out here, where everyone in the room would read them; \`${prefix} list\` in their own rooms shows them.`;
}

/**
 * `!inc list`: open incidents, worst first, each with severity, status, commander and age. A
 * private incident is listed to its members only, and only where nobody else reads along: in a
 * private reply, or in its own room. In a shared room without private replies (Matrix, the
 * console) the viewer's private incidents are counted, not named.
 */
export function openIncidentsListing(incidents: readonly Incident[], ctx: ListingContext): Listing {
  const visible = incidents
    .filter((incident) => isOpen(incident.status))
    .filter((incident) => canSee(incident, ctx.viewerId, ctx.roomIncident))
    .sort((a, b) => a.severity - b.severity || a.number - b.number);
  const shareable = (incident: Incident) =>
    ctx.privateReply || !incident.private || incident.number === ctx.roomIncident;
  const shown = visible.filter(shareable);
  const leftOut = visible.length - shown.length;
  const lines = shown.map((incident) => {
    const age = formatDuration(ctx.now.getTime() - Date.parse(incident.openedAt));
    const commander = incident.roles.commander?.name ?? "no commander";
    const lock = incident.private ? " 🔒" : "";
    return `• ${formatIncidentRef(incident.number)} ${formatSeverity(incident.severity)} ${incident.status} — ${incident.title}${lock} (${commander}, open ${age})`;
  });
  const head =
    shown.length > 0
      ? [`Open incidents (${shown.length}):`, ...lines]
      : [leftOut > 0 ? "No open incidents to list here." : "No open incidents."];
  return {
    text: [...head, ...(leftOut > 0 ? [leftOutNote(leftOut, ctx.prefix)] : [])].join("\n"),
    private: shown.some((incident) => incident.private),
  };
}
