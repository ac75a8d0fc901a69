import type { SiteIncident } from "../../core/site-model.ts";
import { incidentPagePath, siteUrl } from "./site-paths.ts";

/** JSON escapes that keep the file inert even if someone pastes it into an HTML page. */
const HTML_SENSITIVE: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** incidents.json: the index as data, newest first, without the postmortem text. */
export function renderIncidentsJson(
  base: string | undefined,
  incidents: readonly SiteIncident[],
): string {
  const rows = incidents.map((incident) => ({
    number: incident.number,
    ref: incident.ref,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    service: incident.service,
    openedAt: incident.openedAt,
    resolvedAt: incident.resolvedAt,
    duration: incident.duration,
    publishedAt: incident.publishedAt,
    url: siteUrl(base, incidentPagePath(incident.number)),
  }));
  const json = JSON.stringify(rows, null, 2).replace(
    /[<>&\u2028\u2029]/g,
    (char) => HTML_SENSITIVE[char] ?? char,
  );
  return `${json}\n`;
}
