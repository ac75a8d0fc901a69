import { z } from "zod";
import { ROLES, type Role } from "../core/incident.ts";
import type { LabelMatcher } from "../core/label-matcher.ts";
import { labelMatcherSchema } from "../core/label-matcher-schema.ts";
import { safeRegExp } from "../core/safe-regexp.ts";
import { checkArgValue } from "./runbook-arg-value.ts";
import { checkRunbookTemplates } from "./runbook-check-templates.ts";
import { ARG_NAME, ENV_NAME } from "./runbook-template.ts";
import { DEFAULT_TIMEOUT_MS, timeoutSchema } from "./runbook-timeout.ts";
import type { JsonValue, RunbookArg } from "./runbook-types.ts";

export type {
  BooleanArg,
  EnumArg,
  IntegerArg,
  JsonValue,
  RunbookArg,
  StringArg,
} from "./runbook-types.ts";

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Templates as written; `{arg}` and `${env:NAME}` are filled in by planRunbook. */
export interface RunbookHttp {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as written (after substitution). */
  readonly body?: string;
  /** Sent as JSON; placeholders are filled in inside strings, so a value cannot break the structure. */
  readonly json?: JsonValue;
}

export interface RunbookCommand {
  readonly name: string;
  readonly description: string;
  readonly args: readonly RunbookArg[];
  /** argv with `{arg}` placeholders; exec[0] is fixed. Run without a shell. */
  readonly exec?: readonly string[];
  readonly http?: RunbookHttp;
  /** Variables the program needs from the bot's environment (KUBECONFIG, OS_CLOUD). */
  readonly env: readonly string[];
  /** Like env, but their values are secrets and are redacted from everything the run shows. */
  readonly secretEnv: readonly string[];
  readonly timeoutMs: number;
  readonly confirm: boolean;
  /** Empty: anyone in the room may run it. */
  readonly roles: readonly Role[];
  /** The command is suggested for an incident whose alert labels satisfy all of these. */
  readonly suggest: readonly LabelMatcher[];
  /** The file it came from. */
  readonly file: string;
}

/** `required` that says which way round; zod's default message names types, not fixes. */
const need = (what: string) =>
  ({
    error: (issue: { input: unknown }) =>
      issue.input === undefined ? `is required: ${what}` : `expected ${what}`,
  }) as const;

const argName = z
  .string(need("an argument name"))
  .regex(ARG_NAME, { message: "expected lowercase letters, digits and _ (such as namespace)" });

const example = z
  .union([z.string(), z.number(), z.boolean()], need("an example value"))
  .transform(String);

const safe = { message: "expected an integer between -(2^53 - 1) and 2^53 - 1" };

const common = {
  name: argName,
  required: z.boolean(need("true or false")).optional(),
  description: z.string(need("a sentence")).optional(),
  example: example.optional(),
};

const rawArg = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      ...common,
      type: z.literal("string"),
      pattern: z.string(need("a regular expression the whole value must match")).min(1),
      default: z.string(need("a string")).optional(),
    }),
    z.strictObject({
      ...common,
      type: z.literal("enum"),
      values: z
        .array(z.string(need("a string")).min(1), need("a list of the allowed values"))
        .min(1, { message: "expected at least one value" }),
      default: z.string(need("one of the values")).optional(),
    }),
    z.strictObject({
      ...common,
      type: z.literal("integer"),
      min: z.number(need("the smallest allowed integer")).int().refine(Number.isSafeInteger, safe),
      max: z.number(need("the largest allowed integer")).int().refine(Number.isSafeInteger, safe),
      default: z.number(need("an integer")).int().optional(),
    }),
    z.strictObject({
      ...common,
      type: z.literal("boolean"),
      default: z.boolean(need("true or false")).optional(),
    }),
  ],
  { error: "expected type: string, enum, integer or boolean" },
);

const argSchema = rawArg.transform((raw, ctx): RunbookArg => {
  const base = {
    name: raw.name,
    required: raw.required ?? raw.default === undefined,
    description: raw.description ?? "",
    ...(raw.example === undefined ? {} : { example: raw.example }),
  };
  let arg: RunbookArg;
  if (raw.type === "string") {
    let regex: RegExp;
    try {
      // Compiled alone first: an unbalanced pattern such as `[a-z]+)|(.*` would otherwise
      // escape the group below and undo the anchoring.
      new RegExp(raw.pattern, "u");
      // Anchored, so a pattern such as [a-z]+ cannot be satisfied by "ok; rm -rf /".
      regex = safeRegExp(`^(?:${raw.pattern})$`, "u");
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        path: ["pattern"],
        message: `the regular expression does not compile: ${(error as Error).message}`,
      });
      return z.NEVER;
    }
    arg = { ...base, type: "string", pattern: raw.pattern, regex, ...optional(raw.default) };
  } else if (raw.type === "enum") {
    const seen = new Set<string>();
    raw.values.forEach((value, i) => {
      if (seen.has(value)) {
        ctx.addIssue({
          code: "custom",
          path: ["values", i],
          message: `"${value}" is listed twice`,
        });
      }
      seen.add(value);
    });
    arg = { ...base, type: "enum", values: raw.values, ...optional(raw.default) };
  } else if (raw.type === "integer") {
    if (raw.min > raw.max) {
      ctx.addIssue({ code: "custom", path: ["max"], message: "must not be smaller than min" });
    }
    arg = { ...base, type: "integer", min: raw.min, max: raw.max, ...optional(raw.default) };
  } else {
    arg = { ...base, type: "boolean", ...optional(raw.default) };
  }
  if (raw.required === true && raw.default !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["default"],
      message: "a required argument has no default: drop one of them",
    });
  }
  if (raw.required === false && raw.default === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["required"],
      message: "an optional argument needs a default, so that its placeholder has a value",
    });
  }
  // A default or example that the argument itself would refuse is a typo waiting to bite.
  for (const key of ["default", "example"] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    const check = checkArgValue(arg, String(value));
    if (!check.ok) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `${check.problem} (${describeType(arg)})`,
      });
    }
  }
  return arg;
});

function optional<T>(value: T | undefined): { default?: T } {
  return value === undefined ? {} : { default: value };
}

function describeType(arg: RunbookArg): string {
  switch (arg.type) {
    case "string":
      return `expected a value matching ${arg.pattern}`;
    case "enum":
      return `expected one of ${arg.values.join(", ")}`;
    case "integer":
      return `expected an integer from ${arg.min} to ${arg.max}`;
    case "boolean":
      return "expected true or false";
  }
}

const matcher = labelMatcherSchema(z.string(need('a label matcher such as alertname=~"Kube.*"')));

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union(
    [
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(jsonValue),
      z.record(z.string(), jsonValue),
    ],
    { error: "expected a JSON value" },
  ),
);

const envNames = z.array(
  z
    .string(need("a variable name"))
    .regex(ENV_NAME, { message: "expected a variable name such as KUBECONFIG" }),
  need("a list of variable names"),
);

const httpSchema = z.strictObject({
  method: z.enum(HTTP_METHODS, { error: `expected one of ${HTTP_METHODS.join(", ")}` }),
  url: z.string(need('a URL such as "https://status.example.org/api/{id}"')).min(1),
  headers: z.record(z.string(), z.string(need("a string"))).default({}),
  body: z.string(need("a string")).optional(),
  json: jsonValue.optional(),
});

/** One `commands/<name>.yaml`. Unknown keys are errors: they are usually typos of real ones. */
export const runbookCommandSchema = z
  .strictObject({
    name: z
      .string(need("the command name, the same as the file name"))
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
        message: "expected lowercase letters, digits and - (such as kubectl-rollout-status)",
      }),
    description: z.string(need("a sentence saying what the command does")).min(1),
    args: z.array(argSchema, need("a list of arguments")).default([]),
    exec: z
      .array(z.string(need("a string")), need("the program and its arguments, as a list"))
      .min(1, { message: "expected at least the program" })
      .refine((argv) => (argv[0] ?? "").trim() !== "", {
        message: "expected the program's name or path first, not an empty string",
      })
      .optional(),
    http: httpSchema.optional(),
    env: envNames.default([]),
    secretEnv: envNames.default([]),
    timeout: timeoutSchema.optional(),
    confirm: z.boolean(need("true or false")).default(false),
    roles: z
      .array(
        z.enum(ROLES, { error: `expected one of ${ROLES.join(", ")}` }),
        need("a list of roles"),
      )
      .default([]),
    suggest: z.array(matcher, need("a list of label matchers")).default([]),
  })
  .superRefine((raw, ctx) => {
    raw.args.forEach((arg, i) => {
      if (raw.args.findIndex((other) => other.name === arg.name) !== i) {
        ctx.addIssue({
          code: "custom",
          path: ["args", i, "name"],
          message: `"${arg.name}" is declared twice`,
        });
      }
    });
    for (const problem of checkRunbookTemplates(raw)) ctx.addIssue({ code: "custom", ...problem });
  })
  .transform(
    (raw): Omit<RunbookCommand, "file"> => ({
      name: raw.name,
      description: raw.description,
      args: raw.args,
      ...(raw.exec === undefined ? {} : { exec: raw.exec }),
      ...(raw.http === undefined
        ? {}
        : {
            http: {
              method: raw.http.method,
              url: raw.http.url,
              headers: raw.http.headers,
              ...(raw.http.body === undefined ? {} : { body: raw.http.body }),
              ...(raw.http.json === undefined ? {} : { json: raw.http.json }),
            },
          }),
      env: raw.env,
      secretEnv: raw.secretEnv,
      timeoutMs: raw.timeout ?? DEFAULT_TIMEOUT_MS,
      confirm: raw.confirm,
      roles: raw.roles,
      suggest: raw.suggest,
    }),
  );
