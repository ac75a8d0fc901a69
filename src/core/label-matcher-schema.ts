import { z } from "zod";
import { isFirebreakError } from "./firebreak-error.ts";
import { type LabelMatcher, parseLabelMatcher } from "./label-matcher.ts";

/** A label matcher in a config file (routes, runbook `suggest`), parsed, with its error in place. */
export function labelMatcherSchema(text: z.ZodString = z.string()) {
  return text.transform((value, ctx): LabelMatcher => {
    try {
      return parseLabelMatcher(value);
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: isFirebreakError(error) ? error.message : String(error),
      });
      return z.NEVER;
    }
  });
}
