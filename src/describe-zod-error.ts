import type { z } from "zod";

/** Renders a path as people write it: `routes[0].match.severity`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? String(part) : `.${String(part)}`;
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
    problem: issue.message,
  }));
}
