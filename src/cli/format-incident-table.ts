import { formatDateTime } from "../core/format-time.ts";
import type { Incident } from "../core/incident.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import { formatSeverity } from "../core/severity.ts";

/** `firebreak incidents`: one aligned row per incident. */
export function formatIncidentTable(incidents: readonly Incident[], timeZone: string): string {
  if (incidents.length === 0) return "No incidents yet.";
  const rows = incidents.map((incident) => [
    formatIncidentRef(incident.number),
    formatSeverity(incident.severity),
    incident.status,
    formatDateTime(incident.openedAt, timeZone),
    incident.roles.commander?.name ?? "-",
    `${incident.title}${incident.private ? " (private)" : ""}`,
  ]);
  const header = ["INCIDENT", "SEV", "STATUS", "OPENED", "COMMANDER", "TITLE"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
