import type { Handler } from "./chat-command-handler.ts";
import { textOf } from "./chat-command-handler.ts";
import { formatTimeline, TIMELINE_CHAT_MAX_CHARS } from "./format-timeline.ts";
import { runPostmortemCommand } from "./postmortem-command.ts";

/** The sub-commands about an incident's record: `timeline` shows it, `postmortem` writes it up. */

export const handleTimeline: Handler<"timeline"> = ({ deps, incident, reply }) =>
  reply(
    formatTimeline(
      incident.number,
      deps.service.timeline(incident.number),
      deps.timeZone,
      TIMELINE_CHAT_MAX_CHARS,
    ),
  );

export const handlePostmortem: Handler<"postmortem"> = ({
  deps,
  incident,
  actor,
  args,
  options,
  prefix,
  reply,
}) =>
  runPostmortemCommand(
    textOf(args.step) ?? "draft",
    incident,
    actor,
    { waive: textOf(options.waive), prefix },
    { workflow: deps.postmortems, service: deps.service, reply: (answer) => reply(answer) },
  );
