import { z } from "zod";
import { safeRegExp } from "../core/safe-regexp.ts";
import { checkArgValue } from "./runbook-arg-value.ts";
import { need } from "./runbook-schema-messages.ts";
import { ARG_NAME } from "./runbook-template.ts";
import type { RunbookArg } from "./runbook-types.ts";

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

/**
 * One entry of a command's `args`: its type and how a value must look, checked for consistency
 * (required or a default, min <= max, no value listed twice) and for a default or example that the
 * argument itself would refuse.
 */
export const runbookArgSchema = rawArg.transform((raw, ctx): RunbookArg => {
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
