import type { AlertPolicy } from "./alert-intake.ts";
import type { Severity } from "./severity.ts";

/** Maps an alert's severity label (`critical`, `warning`…) to SEV1-4, case-insensitively. */
export function severityPolicy(
  label: string,
  map: Readonly<Record<string, Severity>>,
  fallback: Severity,
): AlertPolicy {
  const lower = new Map(Object.entries(map).map(([key, value]) => [key.toLowerCase(), value]));
  return {
    severityFor: (labels) => lower.get((labels[label] ?? "").toLowerCase()) ?? fallback,
  };
}
