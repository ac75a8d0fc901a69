/** `text`, cut to at most `max` characters with "…" at the end when it was longer. */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
