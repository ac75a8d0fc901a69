import { FirebreakError } from "../core/firebreak-error.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import { type PostmortemModel, postmortemModel } from "../core/postmortem-model.ts";
import type { Store } from "../core/store-ports.ts";

/** What a postmortem of one incident says, from what the store knows. */
export function postmortemModelOf(
  store: Store,
  number: number,
  now: Date,
  timeZone: string,
): PostmortemModel {
  const incident = store.incidents.get(number);
  if (!incident) {
    throw new FirebreakError("unknown_incident", `There is no ${formatIncidentRef(number)}.`);
  }
  const alerts = store.alerts.listForIncident(number);
  // Read one entry at a time: the model keeps people's entries and lifecycle changes, and only
  // counts the alert events, of which a storm leaves 100,000.
  return postmortemModel(incident, store.timeline.iterate(number), alerts, now, timeZone);
}
