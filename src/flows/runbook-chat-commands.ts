import type { RunContext } from "../core/runbook-port.ts";
import type { Handler, IncidentCommand } from "./chat-command-handler.ts";
import { textOf } from "./chat-command-handler.ts";

/** The sub-commands handed to the runbook: `run`, `confirm`, `commands`. */

/** Where the run was asked for; the runbook answers the asker privately. */
function runContext({
  deps,
  message,
  incident,
  actor,
  reply,
}: IncidentCommand<"run" | "confirm">): RunContext {
  return {
    chat: deps.chat,
    roomId: message.roomId,
    incident,
    actor,
    reply: (answer) => reply(answer, true),
  };
}

export const handleRun: Handler<"run"> = (command) =>
  command.deps.runbook.run(
    runContext(command),
    String(command.args.command),
    textOf(command.args.args) ?? "",
    command.prefix,
  );

export const handleConfirm: Handler<"confirm"> = (command) =>
  command.deps.runbook.confirm(runContext(command), String(command.args.id));

export const handleCommands: Handler<"commands"> = ({ deps, incident, prefix, reply }) =>
  reply(deps.runbook.list(incident, prefix));
