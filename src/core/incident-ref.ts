import { FirebreakError } from "./firebreak-error.ts";

export function formatIncidentRef(number: number): string {
  return `INC-${number}`;
}

/** Accepts `42`, `INC-42`, `inc-42` and `#42`. */
export function parseIncidentRef(input: string): number {
  const match = /^(?:inc-|#)?(\d{1,9})$/i.exec(input.trim());
  const value = match ? Number(match[1]) : 0;
  if (value < 1) {
    throw new FirebreakError(
      "invalid_incident_ref",
      `"${input}" is not an incident: use its number, like 42 or INC-42.`,
    );
  }
  return value;
}
