/**
 * A point in time as its source wrote it (normalised to UTC, precision kept) plus epoch milliseconds
 * for ordering: ISO strings of different precision do not sort correctly as text.
 */
export interface Timestamp {
  readonly iso: string;
  readonly ms: number;
}

const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function timestampOf(date: Date): Timestamp {
  return { iso: date.toISOString(), ms: date.getTime() };
}

/** Returns undefined for text that is not a date. Keeps sub-millisecond digits of UTC input. */
export function parseTimestamp(text: string): Timestamp | undefined {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  return UTC_ISO.test(text) ? { iso: text, ms } : { iso: new Date(ms).toISOString(), ms };
}
