import { FirebreakError } from "./firebreak-error.ts";

/** SEV1 is the worst. */
export type Severity = 1 | 2 | 3 | 4;

function isSeverity(value: unknown): value is Severity {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/** Accepts `2`, `sev2`, `SEV2`. */
export function parseSeverity(input: string): Severity {
  const match = /^(?:sev)?([1-4])$/i.exec(input.trim());
  const value = match ? Number(match[1]) : Number.NaN;
  if (!isSeverity(value)) {
    throw new FirebreakError(
      "invalid_severity",
      `"${input}" is not a severity: use 1, 2, 3 or 4 (SEV1 is the worst).`,
    );
  }
  return value;
}

export function formatSeverity(severity: Severity): string {
  return `SEV${severity}`;
}
