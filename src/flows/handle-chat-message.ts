import type { ChatHandlers, ChatPort, InboundMessage } from "../core/chat-port.ts";
import { commandHelp, generalHelp } from "../core/command-help.ts";
import { FirebreakError, isFirebreakError } from "../core/firebreak-error.ts";
import type { Actor, Incident, Role } from "../core/incident.ts";
import {
  acceptTriage,
  acknowledge,
  addActionItem,
  addNote,
  assignRole,
  changeSeverity,
  changeStatus,
  declineTriage,
  postUpdate,
} from "../core/incident-actions.ts";
import { formatIncidentRef, parseIncidentRef } from "../core/incident-ref.ts";
import { canSee } from "../core/incident-visibility.ts";
import type { IncidentStatus } from "../core/lifecycle.ts";
import { type ParsedCommand, parseChatCommand } from "../core/parse-chat-command.ts";
import type { RunbookPort } from "../core/runbook-port.ts";
import type { Severity } from "../core/severity.ts";
import { openIncidentsListing } from "./format-open-incidents.ts";
import { formatTimeline, TIMELINE_CHAT_MAX_CHARS } from "./format-timeline.ts";
import type { IncidentService } from "./incident-service.ts";
import { runPostmortemCommand } from "./postmortem-command.ts";
import type { PostmortemWorkflow } from "./postmortem-workflow.ts";

export interface ChatListenerDeps {
  readonly chat: ChatPort;
  readonly service: IncidentService;
  readonly postmortems: PostmortemWorkflow;
  readonly runbook: RunbookPort;
  /** Rebuilds the public site after `what` was recorded; says so in the room when it cannot. */
  readonly refreshSite: (incident: number, what: string) => void;
  /** Sub-command -> roles allowed to use it (from config `permissions:`). */
  readonly permissions?: Readonly<Partial<Record<string, readonly Role[]>>>;
  readonly timeZone: string;
  readonly defaultSeverity: Severity;
  readonly now: () => Date;
}

/**
 * The sub-commands a `status <to>` amounts to, whose permissions it needs as well: otherwise
 * `status resolved` would get round `permissions: { resolve: … }`, and `status investigating` on
 * an incident in triage round `accept`.
 */
export function subCommandsOfStatusChange(from: IncidentStatus, to: IncidentStatus): string[] {
  const ids: string[] = [];
  if (from === "triage") {
    ids.push(to === "declined" ? "decline" : to === "merged" ? "merge" : "accept");
  }
  if (to === "resolved") ids.push("resolve");
  return ids;
}

/**
 * The chat listener: turns a message into a command, runs it, and answers; puts pinned messages
 * on the timeline. Platform adapters only deliver events here, so every platform gets the same
 * behaviour and the same help.
 */
export function createChatHandlers(deps: ChatListenerDeps): ChatHandlers {
  const { chat, service } = deps;
  const prefix = chat.commandPrefix;

  const reply = async (message: InboundMessage, text: string, privately = false) => {
    await chat.post(message.roomId, {
      text,
      ...(privately ? { ephemeralTo: message.sender.id } : {}),
    });
  };

  function incidentOfRoom(message: InboundMessage): Incident {
    const incident = service.incidentOfRoom(chat.platform, message.roomId);
    if (!incident) {
      throw new FirebreakError(
        "not_incident_room",
        `This is not an incident room. Run it in the incident's room, or open one with ${prefix} declare <title>.`,
      );
    }
    return incident;
  }

  /**
   * Guard rails from config: a sub-command limited to some roles is theirs once anyone holds one
   * of those roles (before that, whoever is there may act: an incident must never be stuck).
   */
  function assertPermitted(id: string, incident: Incident, actor: Actor, via?: string): void {
    const roles = deps.permissions?.[id];
    if (!roles || roles.length === 0) return;
    const holders = roles.flatMap((role) => (incident.roles[role] ? [incident.roles[role]] : []));
    if (holders.length === 0 || holders.some((holder) => holder?.id === actor.id)) return;
    const names = holders.map((holder) => holder?.name).join(", ");
    const also = via ? ` \`${prefix} ${via}\` does the same, so it is limited too.` : "";
    throw new FirebreakError(
      "not_permitted",
      `Only the ${roles.join(" or ")} (${names}) may use ${prefix} ${id} in INC-${incident.number}.${also}`,
    );
  }

  /**
   * An incident a command names (`merge INC-41`) from another incident's room. A private one is
   * its members' alone, and the refusal reads the same whether it exists or not: nobody outside
   * can probe for it.
   */
  function visibleIncident(reference: string, actor: Actor): number {
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

  async function run(message: InboundMessage, command: ParsedCommand): Promise<void> {
    const { args, options } = command;
    const actor = message.sender;
    const text = (name: string) => (args[name] === undefined ? undefined : String(args[name]));
    switch (command.id) {
      case "help": {
        const sub = text("sub");
        const help = sub ? commandHelp(sub.toLowerCase(), prefix) : generalHelp(prefix);
        return reply(
          message,
          help ?? `There is no sub-command "${sub}".\n${generalHelp(prefix)}`,
          true,
        );
      }
      case "declare":
        await service.declare(
          {
            title: String(args.title),
            severity: (options.sev as Severity | undefined) ?? deps.defaultSeverity,
            service: options.service === undefined ? null : String(options.service),
            private: options.private === true,
            trigger: "chat",
          },
          actor,
          { platform: chat.platform, roomId: message.roomId },
        );
        return;
      case "list": {
        const listing = openIncidentsListing(service.list(), {
          viewerId: actor.id,
          roomIncident: service.incidentOfRoom(chat.platform, message.roomId)?.number,
          privateReply: chat.privateReplies === true,
          prefix,
          now: deps.now(),
        });
        return reply(message, listing.text, listing.private);
      }
      default:
        break;
    }

    const incident = incidentOfRoom(message);
    assertPermitted(command.id, incident, actor);
    if (command.id === "status") {
      const to = args.status as IncidentStatus;
      for (const id of subCommandsOfStatusChange(incident.status, to)) {
        assertPermitted(id, incident, actor, `status ${to}`);
      }
    }
    const apply = (change: Parameters<IncidentService["apply"]>[1]) => {
      const entries = service.apply(incident.number, change);
      // The status page shows open incidents and their updates: rebuild it when an update is
      // posted or an incident resolves, by whichever command.
      const shown = entries.find(
        ({ event }) => event.kind === "update" || event.kind === "resolved",
      );
      if (shown && !incident.private) {
        deps.refreshSite(incident.number, shown.event.kind === "update" ? "update" : "resolution");
      }
    };
    switch (command.id) {
      case "ack":
        apply((current, at) => acknowledge(current, actor, at));
        return;
      case "status":
        apply((current, at) =>
          changeStatus(current, args.status as IncidentStatus, text("text"), actor, at),
        );
        return;
      case "resolve":
        apply((current, at) => changeStatus(current, "resolved", text("summary"), actor, at));
        return;
      case "sev":
        apply((current, at) => changeSeverity(current, args.severity as Severity, actor, at));
        return;
      case "role": {
        const user = await chat.resolveUser(String(args.user));
        apply((current, at) => assignRole(current, args.role as Role, user, actor, at));
        return;
      }
      case "note":
        apply((current, at) => addNote(current, String(args.text), actor, at));
        return;
      case "update":
        apply((current, at) =>
          postUpdate(current, String(args.text), actor, at, {
            impact: options.impact === undefined ? undefined : String(options.impact),
            nextInMinutes: options.next === undefined ? undefined : Number(options.next),
          }),
        );
        return;
      case "run":
      case "confirm": {
        const ctx = {
          chat,
          roomId: message.roomId,
          incident,
          actor,
          reply: (answer: string) => reply(message, answer, true),
        };
        if (command.id === "confirm") return deps.runbook.confirm(ctx, String(args.id));
        return deps.runbook.run(ctx, String(args.command), text("args") ?? "", prefix);
      }
      case "commands":
        return reply(message, deps.runbook.list(incident, prefix));
      case "action": {
        const owner =
          options.owner === undefined ? undefined : await chat.resolveUser(String(options.owner));
        const due = options.due === undefined ? undefined : String(options.due);
        apply((current, at) =>
          addActionItem(current, { text: String(args.text), owner, due }, actor, at),
        );
        return;
      }
      case "postmortem":
        return runPostmortemCommand(
          text("step") ?? "draft",
          incident,
          actor,
          { waive: options.waive === undefined ? undefined : String(options.waive), prefix },
          { workflow: deps.postmortems, service, reply: (answer) => reply(message, answer) },
        );
      case "accept":
        apply((current, at) => acceptTriage(current, actor, at));
        return;
      case "decline":
        apply((current, at) => declineTriage(current, text("reason"), actor, at));
        return;
      case "merge":
        await service.merge(incident.number, visibleIncident(String(args.incident), actor), actor);
        return;
      case "timeline":
        return reply(
          message,
          formatTimeline(
            incident.number,
            service.timeline(incident.number),
            deps.timeZone,
            TIMELINE_CHAT_MAX_CHARS,
          ),
        );
    }
  }

  async function onMessage(message: InboundMessage): Promise<void> {
    const parsed = parseChatCommand(message.text, prefix);
    if (parsed.kind === "not-a-command") return;
    if (parsed.kind === "error") {
      const usage = parsed.usage ? `\nUsage: ${parsed.usage}` : "";
      return reply(message, `${parsed.message}${usage}`, true);
    }
    try {
      await run(message, parsed.command);
    } catch (error) {
      if (!isFirebreakError(error)) throw error;
      await reply(message, error.message, true);
    }
  }

  return {
    onMessage,
    onPin: async (pin) => service.pin(chat.platform, pin),
    onUnpin: async (ref) => service.withdrawMessage(chat.platform, ref, deps.now().toISOString()),
    onMessageEdited: async (edit) =>
      service.editMessage(chat.platform, edit, edit.text, edit.editedAt),
    onMessageDeleted: async (ref) => service.withdrawMessage(chat.platform, ref, ref.deletedAt),
  };
}
