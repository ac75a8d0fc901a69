import { z } from "zod";
import { ROLES, type Role } from "../core/incident.ts";
import type { LabelMatcher } from "../core/label-matcher.ts";
import { labelMatcherSchema } from "../core/label-matcher-schema.ts";
import { runbookArgSchema } from "./runbook-arg-schema.ts";
import { checkRunbookTemplates } from "./runbook-check-templates.ts";
import { need } from "./runbook-schema-messages.ts";
import { ENV_NAME } from "./runbook-template.ts";
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
    args: z.array(runbookArgSchema, need("a list of arguments")).default([]),
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
