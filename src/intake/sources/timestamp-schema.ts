import { z } from "zod";
import { parseTimestamp } from "./timestamp.ts";

/** A webhook timestamp field: RFC 3339 with a zone, so it never depends on the host's zone. */
export const rfc3339Timestamp = z.string().refine((text) => parseTimestamp(text) !== undefined, {
  message: "expected an RFC 3339 timestamp such as 2026-11-18T09:12:03Z",
});

/**
 * An alert's end as UTC ISO, or null while it has none. Alertmanager and Grafana send Go's zero
 * time (0001-01-01T00:00:00Z) as endsAt while an alert is firing.
 */
export function endsAtOrNull(text: string | undefined): string | null {
  if (text === undefined || text.startsWith("0001-01-01")) return null;
  return parseTimestamp(text)?.iso ?? null;
}

/** A timestamp the schema above accepted, in UTC with the source's precision. */
export function utcIso(text: string): string {
  return parseTimestamp(text)?.iso ?? text;
}
