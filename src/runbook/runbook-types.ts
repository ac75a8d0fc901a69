/** The runbook types the command schema, its checks and its templates share (no imports, so no cycle). */

export interface ArgCommon {
  readonly name: string;
  /** A required argument has no default; an optional one always has one. */
  readonly required: boolean;
  readonly description: string;
  /** Shown in help and error messages; checked against the type at load time. */
  readonly example?: string;
}

export interface StringArg extends ArgCommon {
  readonly type: "string";
  /** As written in the file. */
  readonly pattern: string;
  /** The pattern anchored at both ends (`^(?:pattern)$`, unicode mode). */
  readonly regex: RegExp;
  readonly default?: string;
}

export interface EnumArg extends ArgCommon {
  readonly type: "enum";
  readonly values: readonly string[];
  readonly default?: string;
}

export interface IntegerArg extends ArgCommon {
  readonly type: "integer";
  readonly min: number;
  readonly max: number;
  readonly default?: number;
}

export interface BooleanArg extends ArgCommon {
  readonly type: "boolean";
  readonly default?: boolean;
}

export type RunbookArg = StringArg | EnumArg | IntegerArg | BooleanArg;

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };
