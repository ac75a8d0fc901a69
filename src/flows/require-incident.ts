import { FirebreakError } from "../core/firebreak-error.ts";
import type { Incident } from "../core/incident.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import type { Store } from "../core/store-ports.ts";

/** The incident with this number, or the error people see when there is none. */
export function requireIncident(store: Store, number: number): Incident {
  const incident = store.incidents.get(number);
  if (!incident) {
    throw new FirebreakError("unknown_incident", `There is no ${formatIncidentRef(number)}.`);
  }
  return incident;
}
