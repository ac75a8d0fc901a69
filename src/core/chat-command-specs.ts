import { MAX_TITLE_CHARS } from "./chat-limits.ts";
import { ROLES } from "./incident.ts";
import { RESPONSE_STATUSES } from "./lifecycle.ts";

/**
 * Every chat sub-command declared as data. The parser, the help text and the dispatcher all read
 * this table, so a command behaves and is documented the same on every platform.
 */
export type ArgType =
  | { readonly kind: "word" }
  | { readonly kind: "text" }
  | { readonly kind: "severity" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "user" }
  | { readonly kind: "date" }
  | { readonly kind: "minutes" };

export interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  readonly required: boolean;
  /** Takes the rest of the line (only the last argument). */
  readonly rest?: boolean;
  /** Free prose, where `--words` the command does not know are part of the text. */
  readonly prose?: boolean;
  /** At most this many characters (a title); longer is refused, not clipped. */
  readonly maxChars?: number;
}

export interface OptionSpec {
  readonly name: string;
  /** Absent for a flag such as `--private`. */
  readonly value?: ArgType;
  /** How help shows the value: `--sev N`. */
  readonly placeholder?: string;
  readonly description: string;
}

export interface CommandSpec {
  readonly id: CommandId;
  readonly summary: string;
  readonly args: readonly ArgSpec[];
  readonly options: readonly OptionSpec[];
  /** Must be run in an incident's room. */
  readonly inIncident: boolean;
  readonly examples: readonly string[];
}

export type CommandId =
  | "declare"
  | "ack"
  | "status"
  | "sev"
  | "role"
  | "update"
  | "note"
  | "timeline"
  | "resolve"
  | "run"
  | "commands"
  | "confirm"
  | "action"
  | "postmortem"
  | "list"
  | "accept"
  | "decline"
  | "merge"
  | "help";

const text = (name: string, required: boolean): ArgSpec => ({
  name,
  type: { kind: "text" },
  required,
  rest: true,
  prose: true,
});

export const COMMAND_SPECS: readonly CommandSpec[] = [
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
    examples: ["declare Nova API slow in eu-de-1 --sev 2 --service nova-api"],
  },
  {
    id: "ack",
    summary: "acknowledge; you become commander if there is none",
    args: [],
    options: [],
    inIncident: true,
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
    examples: ["status identified stuck rabbitmq consumer on ctl-1"],
  },
  {
    id: "sev",
    summary: "change severity (SEV1 is the worst)",
    args: [{ name: "severity", type: { kind: "severity" }, required: true }],
    options: [],
    inIncident: true,
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
    examples: ["update Server creation is slow in eu-de-1; we are investigating."],
  },
  {
    id: "note",
    summary: "add a note to the timeline",
    args: [text("text", true)],
    options: [],
    inIncident: true,
    examples: ["note nova-conductor on ctl-1 at 100% CPU"],
  },
  {
    id: "timeline",
    summary: "show the timeline so far",
    args: [],
    options: [],
    inIncident: true,
    examples: ["timeline"],
  },
  {
    id: "resolve",
    summary: "resolve the incident",
    args: [text("summary", false)],
    options: [],
    inIncident: true,
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
    examples: ["commands"],
  },
  {
    id: "confirm",
    summary: "confirm a runbook run that asks for confirmation",
    args: [{ name: "id", type: { kind: "word" }, required: true }],
    options: [],
    inIncident: true,
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
    examples: ["postmortem", "postmortem review", "postmortem publish"],
  },
  {
    id: "list",
    summary: "open incidents: severity, status, commander, age",
    args: [],
    options: [],
    inIncident: false,
    examples: ["list"],
  },
  {
    id: "accept",
    summary: "accept an incident in triage: the response starts, you command it if nobody does",
    args: [],
    options: [],
    inIncident: true,
    examples: ["accept"],
  },
  {
    id: "decline",
    summary: "decline an incident in triage (it is kept, and left out of metrics)",
    args: [text("reason", false)],
    options: [],
    inIncident: true,
    examples: ["decline known flapping check, silenced until the fix ships"],
  },
  {
    id: "merge",
    summary: "merge an incident in triage into another: its alerts and timeline move there",
    args: [{ name: "incident", type: { kind: "word" }, required: true }],
    options: [],
    inIncident: true,
    examples: ["merge INC-41"],
  },
  {
    id: "help",
    summary: "show help, or help for one sub-command",
    args: [{ name: "sub", type: { kind: "word" }, required: false }],
    options: [],
    inIncident: false,
    examples: ["help status"],
  },
];

export function findCommandSpec(id: string): CommandSpec | undefined {
  return COMMAND_SPECS.find((spec) => spec.id === id);
}
