import { FirebreakError } from "../core/firebreak-error.ts";
import type { Actor } from "../core/incident.ts";
import { acceptTriage, declineTriage } from "../core/incident-actions.ts";
import { formatIncidentRef, parseIncidentRef } from "../core/incident-ref.ts";
import { canSee } from "../core/incident-visibility.ts";
import type { Handler } from "./chat-command-handler.ts";
import { textOf } from "./chat-command-handler.ts";
import type { IncidentService } from "./incident-service.ts";

/** The sub-commands that settle an incident in triage: `accept`, `decline`, `merge`. */

export const handleAccept: Handler<"accept"> = ({ apply, actor }) =>
  apply((current, at) => acceptTriage(current, actor, at));

export const handleDecline: Handler<"decline"> = ({ apply, actor, args }) =>
  apply((current, at) => declineTriage(current, textOf(args.reason), actor, at));

export const handleMerge: Handler<"merge"> = async ({ deps, incident, actor, args }) => {
  const into = visibleIncident(deps.service, String(args.incident), actor);
  await deps.service.merge(incident.number, into, actor);
};

/**
 * An incident a command names (`merge INC-41`) from another incident's room. A private one is
 * its members' alone, and the refusal reads the same whether it exists or not: nobody outside
 * can probe for it.
 */
function visibleIncident(service: IncidentService, reference: string, actor: Actor): number {
  const number = parseIncidentRef(reference);
  const found = service.find(number);
  if (!found || !canSee(found, actor.id)) {
    throw new FirebreakError(
      "unknown_incident",
      `There is no ${formatIncidentRef(number)} that you can see.`,
    );
  }
  return number;
}
