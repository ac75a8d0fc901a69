import type { Incident } from "./incident.ts";
import { formatIncidentRef } from "./incident-ref.ts";
import { isOpen } from "./lifecycle.ts";
import { formatDuration } from "./response-metrics.ts";
import { formatSeverity } from "./severity.ts";

/** Who may see a private incident: whoever declared it and whoever holds one of its roles. */
export function privateMembers(incident: Incident): string[] {
  const members = new Set<string>();
  if (incident.declaredBy) members.add(incident.declaredBy);
  for (const holder of Object.values(incident.roles)) if (holder) members.add(holder.id);
  return [...members];
}

export function canSee(incident: Incident, userId: string): boolean {
  return !incident.private || privateMembers(incident).includes(userId);
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
