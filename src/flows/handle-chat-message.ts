import { type CommandId, runsInIncident } from "../core/chat-command-specs.ts";
import type { ChatHandlers, InboundMessage } from "../core/chat-port.ts";
import { FirebreakError, isFirebreakError } from "../core/firebreak-error.ts";
import type { Actor, Incident } from "../core/incident.ts";
import { type ParsedCommand, parseChatCommand } from "../core/parse-chat-command.ts";
import type { ChatListenerDeps, Handler, IncidentChange } from "./chat-command-handler.ts";
import { CHAT_COMMAND_HANDLERS } from "./chat-command-handlers.ts";

export type { ChatListenerDeps } from "./chat-command-handler.ts";

/** The handler of sub-command `id`, typed as taking that sub-command's command. */
function handlerOf<K extends CommandId>(id: K): Handler<K> {
  return CHAT_COMMAND_HANDLERS[id];
}

/**
 * The chat listener: turns a message into a command, runs its handler, and answers; puts pinned
 * messages on the timeline. Platform adapters only deliver events here, so every platform gets
 * the same behaviour and the same help.
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
  function assertPermitted(id: CommandId, incident: Incident, actor: Actor, via?: string): void {
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

  async function run(message: InboundMessage, command: ParsedCommand): Promise<void> {
    const { id } = command;
    const actor = message.sender;
    const base = {
      deps,
      message,
      actor,
      prefix,
      args: command.args,
      options: command.options,
      reply: (text: string, privately?: boolean) => reply(message, text, privately),
    };
    if (!runsInIncident(id)) return handlerOf(id)({ ...base, id });

    const incident = incidentOfRoom(message);
    assertPermitted(id, incident, actor);
    const apply = (change: IncidentChange) => {
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
    return handlerOf(id)({
      ...base,
      id,
      incident,
      apply,
      assertPermitted: (implied, via) => assertPermitted(implied, incident, actor, via),
    });
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
