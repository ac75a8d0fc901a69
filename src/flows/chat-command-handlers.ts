import type { HandlerTable } from "./chat-command-handler.ts";
import {
  handleAck,
  handleAction,
  handleNote,
  handleResolve,
  handleRole,
  handleSev,
  handleStatus,
  handleUpdate,
} from "./incident-change-commands.ts";
import { handlePostmortem, handleTimeline } from "./incident-record-commands.ts";
import { handleDeclare, handleHelp, handleList } from "./room-commands.ts";
import { handleCommands, handleConfirm, handleRun } from "./runbook-chat-commands.ts";
import { handleAccept, handleDecline, handleMerge } from "./triage-commands.ts";

/**
 * Every sub-command's handler, by the id its spec declares: a spec without a handler, or a
 * handler without a spec, is a type error.
 */
export const CHAT_COMMAND_HANDLERS: HandlerTable = {
  declare: handleDeclare,
  ack: handleAck,
  status: handleStatus,
  sev: handleSev,
  role: handleRole,
  update: handleUpdate,
  note: handleNote,
  timeline: handleTimeline,
  resolve: handleResolve,
  run: handleRun,
  commands: handleCommands,
  confirm: handleConfirm,
  action: handleAction,
  postmortem: handlePostmortem,
  list: handleList,
  accept: handleAccept,
  decline: handleDecline,
  merge: handleMerge,
  help: handleHelp,
};
