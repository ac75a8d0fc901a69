import type { StoredAlert } from "./alert.ts";
import { type Incident, ROLES } from "./incident.ts";
import { formatIncidentRef } from "./incident-ref.ts";
import { formatSeverity } from "./severity.ts";

function firstAnnotation(alerts: readonly StoredAlert[], ...keys: string[]): string | undefined {
  for (const alert of alerts) {
    for (const key of keys) {
      const value = alert.annotations[key];
      if (value) return value;
    }
  }
  return undefined;
}

/** The incident at a glance: what the room's pinned summary message says. */
export function incidentSummary(
  incident: Incident,
  alerts: readonly StoredAlert[],
  commandPrefix: string,
): string {
  const head = `*${formatIncidentRef(incident.number)}* · ${formatSeverity(incident.severity)} · ${incident.status} — ${incident.title}`;
  const roles = ROLES.flatMap((role) => {
    const holder = incident.roles[role];
    return holder ? [`${role}: ${holder.name}`] : [];
  });
  const lines = [head];
  if (incident.service) lines.push(`Service: ${incident.service}`);
  lines.push(
    roles.length > 0
      ? `Roles: ${roles.join(" · ")}`
      : `Commander: nobody yet (\`${commandPrefix} ack\` to take it)`,
  );
  if (alerts.length > 0) {
    const firing = alerts.filter((alert) => alert.status === "firing").length;
    lines.push(`Alerts: ${firing} firing, ${alerts.length - firing} resolved`);
  }
  const links = [
    ["runbook", firstAnnotation(alerts, "runbook_url", "runbook")],
    ["dashboard", firstAnnotation(alerts, "dashboard_url", "dashboardURL", "grafana_url")],
    ["source", alerts.find((alert) => alert.generatorUrl)?.generatorUrl ?? undefined],
  ].flatMap(([label, url]) => (url ? [`${label}: ${url}`] : []));
  if (links.length > 0) lines.push(`Links: ${links.join(" · ")}`);
  return lines.join("\n");
}

/** The single line an incident has in a broadcast room, edited as the incident moves on. */
export function broadcastLine(incident: Incident, roomName: string): string {
  const icon = incident.status === "resolved" || incident.status === "closed" ? "✅" : "🔥";
  const ref = formatIncidentRef(incident.number);
  return `${icon} *${ref}* · ${formatSeverity(incident.severity)} · ${incident.status} — ${incident.title} (room ${roomName})`;
}
