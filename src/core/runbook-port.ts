import type { ChatPort } from "./chat-port.ts";
import type { Actor, Incident } from "./incident.ts";

/** Where a runbook run was asked for, and by whom. */
export interface RunContext {
  readonly chat: ChatPort;
  readonly roomId: string;
  readonly incident: Incident;
  readonly actor: Actor;
  readonly reply: (text: string) => Promise<void>;
}

/**
 * What the chat commands `run`, `confirm` and `commands` need from the runbook: the port the chat
 * flow depends on, which src/runbook/runbook-chat.ts implements.
 */
export interface RunbookPort {
  /** `commands`: what can be run, those suggested for this incident first. */
  list(incident: Incident, prefix: string): string;
  /** `run <name> key=value … [--dry-run]`. */
  run(ctx: RunContext, name: string, rawArgs: string, prefix: string): Promise<void>;
  /** `confirm <id>`: runs a command that asked for confirmation. */
  confirm(ctx: RunContext, id: string): Promise<void>;
}
