import { commandHelp, generalHelp } from "../core/command-help.ts";
import type { Severity } from "../core/severity.ts";
import type { Handler } from "./chat-command-handler.ts";
import { textOf } from "./chat-command-handler.ts";
import { openIncidentsListing } from "./format-open-incidents.ts";

/** The sub-commands that work in any room: `help`, `declare`, `list`. */

export const handleHelp: Handler<"help"> = ({ args, prefix, reply }) => {
  const sub = textOf(args.sub);
  const help = sub ? commandHelp(sub.toLowerCase(), prefix) : generalHelp(prefix);
  return reply(help ?? `There is no sub-command "${sub}".\n${generalHelp(prefix)}`, true);
};

export const handleDeclare: Handler<"declare"> = async ({
  deps,
  message,
  actor,
  args,
  options,
}) => {
  await deps.service.declare(
    {
      title: String(args.title),
      severity: (options.sev as Severity | undefined) ?? deps.defaultSeverity,
      service: options.service === undefined ? null : String(options.service),
      private: options.private === true,
      trigger: "chat",
    },
    actor,
    { platform: deps.chat.platform, roomId: message.roomId },
  );
};

export const handleList: Handler<"list"> = ({ deps, message, actor, prefix, reply }) => {
  const { chat, service } = deps;
  const listing = openIncidentsListing(service.list(), {
    viewerId: actor.id,
    roomIncident: service.incidentOfRoom(chat.platform, message.roomId)?.number,
    privateReply: chat.privateReplies === true,
    prefix,
    now: deps.now(),
  });
  return reply(listing.text, listing.private);
};
