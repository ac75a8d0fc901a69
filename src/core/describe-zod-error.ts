import type { z } from "zod";
import { showInvisible } from "./show-invisible.ts";

/**
 * Renders a path as people write it: `routes[0].match.severity`, with invisible characters in a
 * key escaped (`server.p\u200bort`), so the key shown is the key to look for.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? showInvisible(String(part)) : `.${showInvisible(String(part))}`;
  }
  return text;
}

export interface FieldProblem {
  readonly field: string;
  readonly problem: string;
}

export function describeZodError(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: formatPath(issue.path) || "(top level)",
    // Messages quote keys and values as they were written (`Unrecognized key: "p\u200bort"`).
    problem: showInvisible(issue.message),
  }));
}
