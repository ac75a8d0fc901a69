import type { Incident } from "../core/incident.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import { privateMembers } from "../core/incident-visibility.ts";
import type { TimelineEntry } from "../core/timeline-event.ts";

/** The `--json` shape of an incident: stable field names that scripts rely on. */
export function incidentJson(incident: Incident, alertCount: number) {
  return {
    number: incident.number,
    ref: formatIncidentRef(incident.number),
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    private: incident.private,
    service: incident.service,
    alerts: alertCount,
    roles: incident.roles,
    // Explicit: who may see a private incident in listings (its declarer and role holders).
    visibleTo: incident.private ? privateMembers(incident) : null,
    openedAt: incident.openedAt,
    acknowledgedAt: incident.acknowledgedAt,
    mitigatedAt: incident.mitigatedAt,
    resolvedAt: incident.resolvedAt,
    closedAt: incident.closedAt,
  };
}

/** The `--json` shape of a timeline entry. */
export function timelineJson(entry: TimelineEntry) {
  const { kind, ...details } = entry.event;
  return {
    id: entry.id,
    incident: entry.incidentNumber,
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    kind,
    text: entry.text,
    actor: entry.actor.name,
    actorId: entry.actor.id,
    editedAt: entry.editedAt,
    withdrawnAt: entry.withdrawnAt,
    details,
  };
}
