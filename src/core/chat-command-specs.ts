import { MAX_TITLE_CHARS } from "./chat-limits.ts";
import type { ArgSpec, CommandSpec } from "./command-spec.ts";
import { ROLES } from "./incident.ts";
import { RESPONSE_STATUSES } from "./lifecycle.ts";

/** Free text to the end of the line; generic so that the argument's name stays a literal type. */
const text = <const Name extends string>(name: Name, required: boolean) =>
  ({
    name,
    type: { kind: "text" },
    required,
    rest: true,
    prose: true,
  }) as const satisfies ArgSpec;

/**
 * Every chat sub-command declared as data, once: the parser, the help text, the dispatcher's
 * handler table (a type error without a handler for each) and the sub-commands `permissions:` may
 * limit all derive from this table, so a command behaves and is documented the same on every
 * platform.
 */
const SPECS = [
  {
    id: "declare",
    summary: "open an incident by hand (works in any room)",
    args: [{ ...text("title", true), prose: false, maxChars: MAX_TITLE_CHARS }],
    options: [
      {
        name: "sev",
        value: { kind: "severity" },
        placeholder: "N",
        description: "severity 1-4 (default 3)",
      },
      {
        name: "service",
        value: { kind: "word" },
        placeholder: "S",
        description: "affected service",
      },
      { name: "private", description: "invite-only room, left out of public pages" },
    ],
    inIncident: false,
    effect: "opens-incident",
    examples: ["declare Nova API slow in eu-de-1 --sev 2 --service nova-api"],
  },
  {
    id: "ack",
    summary: "acknowledge; you become commander if there is none",
    args: [],
    options: [],
    inIncident: true,
    effect: "changes-incident",
    examples: ["ack"],
  },
  {
    id: "status",
    summary: "change status",
    args: [
      { name: "status", type: { kind: "enum", values: RESPONSE_STATUSES }, required: true },
      text("text", false),
    ],
    options: [],
    inIncident: true,
    effect: "changes-incident",
    examples: ["status identified stuck rabbitmq consumer on ctl-1"],
  },
  {
    id: "sev",
    summary: "change severity (SEV1 is the worst)",
    args: [{ name: "severity", type: { kind: "severity" }, required: true }],
    options: [],
    inIncident: true,
    effect: "changes-incident",
    examples: ["sev 2"],
  },
  {
    id: "role",
    summary: "assign a role",
    args: [
      { name: "role", type: { kind: "enum", values: ROLES }, required: true },
      { name: "user", type: { kind: "user" }, required: true },
    ],
    options: [],
    inIncident: true,
    effect: "changes-incident",
    examples: ["role comms @carol"],
  },
  {
    id: "update",
    summary: "post a status update for everyone following the incident",
    args: [text("text", true)],
    options: [
      {
        name: "impact",
        value: { kind: "text" },
        placeholder: "TEXT",
        description: "who or what is affected",
      },
      {
        name: "next",
        value: { kind: "minutes" },
        placeholder: "MINUTES",
        description: "when the next update comes (e.g. 30 or 30m)",
      },
    ],
    inIncident: true,
    effect: "changes-incident",
    examples: ["update Server creation is slow in eu-de-1; we are investigating."],
  },
  {
    id: "note",
    summary: "add a note to the timeline",
    args: [text("text", true)],
    options: [],
    inIncident: true,
    effect: "changes-incident",
    examples: ["note nova-conductor on ctl-1 at 100% CPU"],
  },
  {
    id: "timeline",
    summary: "show the timeline so far",
    args: [],
    options: [],
    inIncident: true,
    effect: "reads",
    examples: ["timeline"],
  },
  {
    id: "resolve",
    summary: "resolve the incident",
    args: [text("summary", false)],
    options: [],
    inIncident: true,
    effect: "changes-incident",
    examples: ["resolve latency normal for 20 minutes after the restart"],
  },
  {
    id: "run",
    summary: "run a runbook command from commands/ (validated, on the timeline)",
    args: [
      { name: "command", type: { kind: "word" }, required: true },
      { name: "args", type: { kind: "text" }, required: false, rest: true },
    ],
    options: [],
    inIncident: true,
    effect: "changes-with-own-guard",
    examples: [
      "run systemctl-status unit=nova-api.service",
      "run kubectl-rollout-restart namespace=nova deployment=nova-api --dry-run",
    ],
  },
  {
    id: "commands",
    summary: "list runbook commands, those suggested for this incident first",
    args: [],
    options: [],
    inIncident: true,
    effect: "reads",
    examples: ["commands"],
  },
  {
    id: "confirm",
    summary: "confirm a runbook run that asks for confirmation",
    args: [{ name: "id", type: { kind: "word" }, required: true }],
    options: [],
    inIncident: true,
    effect: "changes-with-own-guard",
    examples: ["confirm 3fa2c1"],
  },
  {
    id: "action",
    summary: "add a follow-up action item",
    args: [text("text", true)],
    options: [
      { name: "owner", value: { kind: "user" }, placeholder: "USER", description: "who owns it" },
      {
        name: "due",
        value: { kind: "date" },
        placeholder: "YYYY-MM-DD",
        description: "when it is due",
      },
    ],
    inIncident: true,
    effect: "changes-incident",
    examples: ["action Alert on RabbitMQ consumer acks per queue --owner @bob --due 2026-12-15"],
  },
  {
    id: "postmortem",
    summary: "(re)generate the postmortem draft; review; publish a reviewed draft",
    args: [
      {
        name: "step",
        type: { kind: "enum", values: ["draft", "review", "publish"] },
        required: false,
      },
    ],
    options: [
      {
        name: "waive",
        value: { kind: "text" },
        placeholder: "REASON",
        description: "publish despite blameless-check findings, recording why",
      },
    ],
    inIncident: true,
    effect: "changes-with-own-guard",
    examples: ["postmortem", "postmortem review", "postmortem publish"],
  },
  {
    id: "list",
    summary: "open incidents: severity, status, commander, age",
    args: [],
    options: [],
    inIncident: false,
    effect: "reads",
    examples: ["list"],
  },
  {
    id: "accept",
    summary: "accept an incident in triage: the response starts, you command it if nobody does",
    args: [],
    options: [],
    inIncident: true,
    effect: "changes-incident",
    examples: ["accept"],
  },
  {
    id: "decline",
    summary: "decline an incident in triage (it is kept, and left out of metrics)",
    args: [text("reason", false)],
    options: [],
    inIncident: true,
    effect: "changes-incident",
    examples: ["decline known flapping check, silenced until the fix ships"],
  },
  {
    id: "merge",
    summary: "merge an incident in triage into another: its alerts and timeline move there",
    args: [{ name: "incident", type: { kind: "word" }, required: true }],
    options: [],
    inIncident: true,
    effect: "changes-incident",
    examples: ["merge INC-41"],
  },
  {
    id: "help",
    summary: "show help, or help for one sub-command",
    args: [{ name: "sub", type: { kind: "word" }, required: false }],
    options: [],
    inIncident: false,
    effect: "reads",
    examples: ["help status"],
  },
] as const satisfies readonly CommandSpec[];

type DeclaredSpec = (typeof SPECS)[number];
type SpecOf<Id extends CommandId> = Extract<DeclaredSpec, { readonly id: Id }>;

/** Every sub-command's name, from the table. */
export type CommandId = DeclaredSpec["id"];
/** The sub-commands run in an incident's room, which their handlers get. */
export type InIncidentCommandId = Extract<DeclaredSpec, { readonly inIncident: true }>["id"];
/** The names of a sub-command's arguments and of its options. */
export type ArgName<Id extends CommandId> = SpecOf<Id>["args"][number]["name"];
export type OptionName<Id extends CommandId> = SpecOf<Id>["options"][number]["name"];

type RestrictableSpec = Extract<DeclaredSpec, { readonly effect: "changes-incident" }>;
export type RestrictableCommandId = RestrictableSpec["id"];

export const COMMAND_SPECS: readonly CommandSpec<CommandId>[] = SPECS;

/** The sub-commands `permissions:` may limit to roles: those that change an existing incident. */
export const RESTRICTABLE_SUB_COMMANDS: readonly RestrictableCommandId[] = SPECS.filter(
  (spec): spec is RestrictableSpec => spec.effect === "changes-incident",
).map((spec) => spec.id);

export function findCommandSpec(id: string): CommandSpec<CommandId> | undefined {
  return COMMAND_SPECS.find((spec) => spec.id === id);
}

/** Whether the sub-command must be run in an incident's room (its spec's `inIncident`). */
export function runsInIncident(id: CommandId): id is InIncidentCommandId {
  return findCommandSpec(id)?.inIncident === true;
}
