import type { Incident } from "./incident.ts";

/** Who may see a private incident: whoever declared it and whoever holds one of its roles. */
export function privateMembers(incident: Incident): string[] {
  const members = new Set<string>();
  if (incident.declaredBy) members.add(incident.declaredBy);
  for (const holder of Object.values(incident.roles)) if (holder) members.add(holder.id);
  return [...members];
}

/**
 * Whether someone may learn of an incident, or act on it: anyone, unless it is private; then its
 * members, and whoever speaks in its own room (the platform already let them in there).
 */
export function canSee(incident: Incident, viewerId: string, roomIncident?: number): boolean {
  return (
    !incident.private ||
    incident.number === roomIncident ||
    privateMembers(incident).includes(viewerId)
  );
}
