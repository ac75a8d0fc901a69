import type {
  ArgName,
  CommandId,
  InIncidentCommandId,
  OptionName,
} from "../core/chat-command-specs.ts";
import type { ChatPort, InboundMessage } from "../core/chat-port.ts";
import type { Actor, Incident, Role } from "../core/incident.ts";
import type { ArgValue } from "../core/parse-chat-command.ts";
import type { RunbookPort } from "../core/runbook-port.ts";
import type { Severity } from "../core/severity.ts";
import type { IncidentService } from "./incident-service.ts";
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

/** A change to an incident, as IncidentService.apply takes it. */
export type IncidentChange = Parameters<IncidentService["apply"]>[1];

/** A sub-command someone typed, as its handler gets it: arguments named as its spec names them. */
export interface RoomCommand<K extends CommandId> {
  /** Which sub-command: also what keeps one sub-command's handler out of another's slot. */
  readonly id: K;
  readonly deps: ChatListenerDeps;
  readonly message: InboundMessage;
  readonly actor: Actor;
  readonly prefix: string;
  readonly args: Readonly<Partial<Record<ArgName<K>, ArgValue>>>;
  readonly options: Readonly<Partial<Record<OptionName<K>, ArgValue>>>;
  /** Answers in the room, or privately to whoever typed it where the platform can. */
  readonly reply: (text: string, privately?: boolean) => Promise<void>;
}

/** A sub-command run in an incident's room, already allowed by `permissions:` for its own id. */
export interface IncidentCommand<K extends CommandId> extends RoomCommand<K> {
  readonly incident: Incident;
  /** Applies the change; rebuilds the public site when it shows an update or a resolution. */
  readonly apply: (change: IncidentChange) => void;
  /** Refuses unless `permissions:` let the actor use `id`, which `via` amounts to. */
  readonly assertPermitted: (id: CommandId, via: string) => void;
}

/** Runs one sub-command; those whose spec says `inIncident` get the incident of the room. */
export type Handler<K extends CommandId> = (
  command: [K] extends [InIncidentCommandId] ? IncidentCommand<K> : RoomCommand<K>,
) => Promise<void> | void;

/** A handler for every sub-command the table declares, and for nothing else. */
export type HandlerTable = { readonly [K in CommandId]: Handler<K> };

/** An argument or option as text, when it was given. */
export function textOf(value: ArgValue | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
