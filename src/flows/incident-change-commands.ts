import type { CommandId } from "../core/chat-command-specs.ts";
import type { Role } from "../core/incident.ts";
import {
  acknowledge,
  addActionItem,
  addNote,
  assignRole,
  changeSeverity,
  changeStatus,
  postUpdate,
} from "../core/incident-actions.ts";
import type { IncidentStatus } from "../core/lifecycle.ts";
import type { Severity } from "../core/severity.ts";
import type { Handler } from "./chat-command-handler.ts";
import { textOf } from "./chat-command-handler.ts";

/** The sub-commands that change an incident's state, roles, updates, notes and action items. */

/**
 * The sub-commands a `status <to>` amounts to, whose permissions it needs as well: otherwise
 * `status resolved` would get round `permissions: { resolve: … }`, and `status investigating` on
 * an incident in triage round `accept`.
 */
export function subCommandsOfStatusChange(from: IncidentStatus, to: IncidentStatus): CommandId[] {
  const ids: CommandId[] = [];
  if (from === "triage") {
    ids.push(to === "declined" ? "decline" : to === "merged" ? "merge" : "accept");
  }
  if (to === "resolved") ids.push("resolve");
  return ids;
}

export const handleAck: Handler<"ack"> = ({ apply, actor }) =>
  apply((current, at) => acknowledge(current, actor, at));

export const handleStatus: Handler<"status"> = ({
  incident,
  apply,
  assertPermitted,
  actor,
  args,
}) => {
  const to = args.status as IncidentStatus;
  for (const id of subCommandsOfStatusChange(incident.status, to)) {
    assertPermitted(id, `status ${to}`);
  }
  apply((current, at) => changeStatus(current, to, textOf(args.text), actor, at));
};

export const handleResolve: Handler<"resolve"> = ({ apply, actor, args }) =>
  apply((current, at) => changeStatus(current, "resolved", textOf(args.summary), actor, at));

export const handleSev: Handler<"sev"> = ({ apply, actor, args }) =>
  apply((current, at) => changeSeverity(current, args.severity as Severity, actor, at));

export const handleRole: Handler<"role"> = async ({ deps, apply, actor, args }) => {
  const user = await deps.chat.resolveUser(String(args.user));
  apply((current, at) => assignRole(current, args.role as Role, user, actor, at));
};

export const handleNote: Handler<"note"> = ({ apply, actor, args }) =>
  apply((current, at) => addNote(current, String(args.text), actor, at));

export const handleUpdate: Handler<"update"> = ({ apply, actor, args, options }) =>
  apply((current, at) =>
    postUpdate(current, String(args.text), actor, at, {
      impact: textOf(options.impact),
      nextInMinutes: options.next === undefined ? undefined : Number(options.next),
    }),
  );

export const handleAction: Handler<"action"> = async ({ deps, apply, actor, args, options }) => {
  const owner =
    options.owner === undefined ? undefined : await deps.chat.resolveUser(String(options.owner));
  const due = textOf(options.due);
  apply((current, at) =>
    addActionItem(current, { text: String(args.text), owner, due }, actor, at),
  );
};
