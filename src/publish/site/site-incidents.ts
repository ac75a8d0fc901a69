import { FirebreakError } from "../../core/firebreak-error.ts";
import type { SiteIncident } from "../../core/site-model.ts";
import { incidentPagePath } from "./site-paths.ts";

function checkTime(incident: SiteIncident, field: string, value: string | null): void {
  if (value !== null && Number.isNaN(Date.parse(value))) {
    throw new FirebreakError(
      "invalid_site_incident",
      `${incident.ref}: ${field} "${value}" is not a timestamp.`,
    );
  }
}

/**
 * The incidents in the order the site lists them, newest opened first (ties: higher number first),
 * after checking what the pages depend on. Two postmortems for one number would silently
 * overwrite each other's page, so that is refused rather than guessed at.
 */
export function orderSiteIncidents(incidents: readonly SiteIncident[]): SiteIncident[] {
  const seen = new Set<number>();
  for (const incident of incidents) {
    incidentPagePath(incident.number);
    if (seen.has(incident.number)) {
      throw new FirebreakError(
        "duplicate_site_incident",
        `Incident ${incident.number} is listed twice; the site has one page per incident.`,
      );
    }
    seen.add(incident.number);
    checkTime(incident, "openedAt", incident.openedAt);
    checkTime(incident, "resolvedAt", incident.resolvedAt);
    checkTime(incident, "publishedAt", incident.publishedAt);
  }
  return [...incidents].sort(
    (a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt) || b.number - a.number,
  );
}
