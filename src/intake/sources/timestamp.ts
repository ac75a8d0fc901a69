/**
 * A point in time as its source wrote it (normalised to UTC, precision kept) plus epoch milliseconds
 * for ordering: ISO strings of different precision do not sort correctly as text.
 */
export interface Timestamp {
  readonly iso: string;
  readonly ms: number;
}

const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Date, time and an explicit offset: without one, the time would depend on the host's time zone. */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Returns undefined for text that is not an RFC 3339 timestamp. Keeps sub-millisecond digits. */
export function parseTimestamp(text: string): Timestamp | undefined {
  const match = RFC_3339.exec(text);
  const ms = match ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) return undefined;
  if (UTC_ISO.test(text)) return { iso: text, ms };
  // Offsets are whole minutes, so the fraction of a second is the source's whatever the offset.
  return { iso: `${new Date(ms).toISOString().slice(0, 19)}${match?.[1] ?? ""}Z`, ms };
}
