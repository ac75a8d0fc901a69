import type { Incident } from "./incident.ts";
import { formatIncidentRef } from "./incident-ref.ts";
import { isOpen } from "./lifecycle.ts";
import { formatDuration } from "./response-metrics.ts";
import { formatSeverity } from "./severity.ts";

/** Whether `userId` may see a private incident: those who declared it or hold one of its roles. */
export function canSee(incident: Incident, userId: string): boolean {
  if (!incident.private) return true;
  return (
    incident.declaredBy === userId ||
    Object.values(incident.roles).some((holder) => holder?.id === userId)
  );
}

/** `!inc list`: open incidents, worst first, each with severity, status, commander and age. */
export function formatOpenIncidents(
  incidents: readonly Incident[],
  viewerId: string,
  now: Date,
): string {
  const open = incidents
    .filter((incident) => isOpen(incident.status) && canSee(incident, viewerId))
    .sort((a, b) => a.severity - b.severity || a.number - b.number);
  if (open.length === 0) return "No open incidents.";
  const lines = open.map((incident) => {
    const age = formatDuration(now.getTime() - Date.parse(incident.openedAt));
    const commander = incident.roles.commander?.name ?? "no commander";
    const lock = incident.private ? " 🔒" : "";
    return `• ${formatIncidentRef(incident.number)} ${formatSeverity(incident.severity)} ${incident.status} — ${incident.title}${lock} (${commander}, open ${age})`;
  });
  return [`Open incidents (${open.length}):`, ...lines].join("\n");
}
