/**
 * The shape of a chat sub-command declared as data (the table is in chat-command-specs.ts): its
 * arguments and options, where it runs, what it changes, and its help.
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

/**
 * What a sub-command changes, which decides whether `permissions:` may limit it to roles:
 * - `reads`: nothing; anyone in the room may use it.
 * - `opens-incident`: opens a new incident, where nobody holds a role yet, so a limit to roles
 *   could never apply (config refuses one).
 * - `changes-incident`: the incident of the room; `permissions:` may limit it to roles.
 * - `changes-with-own-guard`: checked by rules of its own (a runbook command's `roles`, publishing
 *   a postmortem), not by `permissions:`.
 */
export type CommandEffect =
  | "reads"
  | "opens-incident"
  | "changes-incident"
  | "changes-with-own-guard";

export interface CommandSpec<Id extends string = string> {
  readonly id: Id;
  readonly summary: string;
  readonly args: readonly ArgSpec[];
  readonly options: readonly OptionSpec[];
  /** Must be run in an incident's room. */
  readonly inIncident: boolean;
  readonly effect: CommandEffect;
  readonly examples: readonly string[];
}
