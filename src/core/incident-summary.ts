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

/**
 * What a summary needs of an incident's alerts: how many fire and how many resolved, and the
 * first ones (links and suggestions come from them; a storm's incident has thousands).
 */
export interface SummaryAlerts {
  readonly firing: number;
  readonly resolved: number;
  readonly first: readonly StoredAlert[];
}

/** The summary as data, for adapters that render it natively (Block Kit, HTML). */
export interface SummaryView {
  readonly ref: string;
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  readonly service: string | null;
  readonly private: boolean;
  readonly roles: readonly { readonly role: string; readonly name: string; readonly id: string }[];
  readonly alerts: { readonly firing: number; readonly resolved: number };
  readonly links: readonly { readonly label: string; readonly url: string }[];
  /** Runbook commands suggested for the incident's alerts, best first. */
  readonly suggestions: readonly string[];
}

export function summaryView(
  incident: Incident,
  alerts: SummaryAlerts,
  suggestions: readonly string[] = [],
): SummaryView {
  return {
    ref: formatIncidentRef(incident.number),
    title: incident.title,
    severity: formatSeverity(incident.severity),
    status: incident.status,
    service: incident.service,
    private: incident.private,
    roles: ROLES.flatMap((role) => {
      const holder = incident.roles[role];
      return holder ? [{ role, name: holder.name, id: holder.id }] : [];
    }),
    alerts: { firing: alerts.firing, resolved: alerts.resolved },
    links: summaryLinks(alerts.first),
    suggestions,
  };
}

function summaryLinks(alerts: readonly StoredAlert[]): { label: string; url: string }[] {
  return [
    ["runbook", firstAnnotation(alerts, "runbook_url", "runbook")],
    ["dashboard", firstAnnotation(alerts, "dashboard_url", "dashboardURL", "grafana_url")],
    ["panel", firstAnnotation(alerts, "panel_url")],
    ["silence", firstAnnotation(alerts, "silence_url")],
    ["source", alerts.find((alert) => alert.generatorUrl)?.generatorUrl ?? undefined],
  ].flatMap(([label, url]) => (label && url ? [{ label, url }] : []));
}

/** The incident at a glance: what the room's pinned summary message says. */
export function incidentSummary(
  incident: Incident,
  alerts: SummaryAlerts,
  commandPrefix: string,
  suggestions: readonly string[] = [],
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
  if (alerts.firing + alerts.resolved > 0) {
    lines.push(`Alerts: ${alerts.firing} firing, ${alerts.resolved} resolved`);
  }
  const links = summaryLinks(alerts.first).map(({ label, url }) => `${label}: ${url}`);
  if (links.length > 0) lines.push(`Links: ${links.join(" · ")}`);
  if (suggestions.length > 0) {
    lines.push(`Try: ${suggestions.map((name) => `\`${commandPrefix} run ${name}\``).join(" · ")}`);
  }
  return lines.join("\n");
}

/** The single line an incident has in a broadcast room, edited as the incident moves on. */
export function broadcastLine(incident: Incident, roomName: string): string {
  const icon = incident.status === "resolved" || incident.status === "closed" ? "✅" : "🔥";
  const ref = formatIncidentRef(incident.number);
  return `${icon} *${ref}* · ${formatSeverity(incident.severity)} · ${incident.status} — ${incident.title} (room ${roomName})`;
}
