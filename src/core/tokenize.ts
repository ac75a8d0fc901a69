export interface Token {
  /** The text with surrounding quotes removed. */
  readonly value: string;
  readonly quoted: boolean;
  /** Offsets into the input, quotes included. */
  readonly start: number;
  readonly end: number;
  /** The quote opened here was never closed: the token runs to the end of the input. */
  readonly unclosed?: true;
}

// Slack and phones turn straight quotes into curly ones; accept both.
export const CLOSING: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\u201c": "\u201d",
  "\u2018": "\u2019",
  "\u201e": "\u201c",
};

/**
 * Splits on whitespace; a quoted stretch is one token. An unclosed quote runs to the end and is
 * marked, so a caller can refuse it rather than swallow the options typed after it.
 */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i] ?? "")) {
      i++;
      continue;
    }
    const start = i;
    const close = CLOSING[input[i] ?? ""];
    if (close) {
      const end = input.indexOf(close, i + 1);
      const stop = end === -1 ? input.length : end;
      // The closing quote belongs to the token; an unclosed one stops at the end of the input.
      const after = end === -1 ? input.length : end + 1;
      const value = input.slice(i + 1, stop);
      tokens.push({
        value,
        quoted: true,
        start,
        end: after,
        ...(end === -1 ? { unclosed: true } : {}),
      });
      i = after;
      continue;
    }
    while (i < input.length && !/\s/.test(input[i] ?? "")) i++;
    tokens.push({ value: input.slice(start, i), quoted: false, start, end: i });
  }
  return tokens;
}
