export interface Token {
  /** The text with surrounding quotes removed. */
  readonly value: string;
  readonly quoted: boolean;
  /** Offsets into the input, quotes included. */
  readonly start: number;
  readonly end: number;
}

// Slack and phones turn straight quotes into curly ones; accept both.
const CLOSING: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\u201c": "\u201d",
  "\u2018": "\u2019",
  "\u201e": "\u201c",
};

/** Splits on whitespace; a quoted stretch is one token. An unclosed quote runs to the end. */
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
      tokens.push({ value: input.slice(i + 1, stop), quoted: true, start, end: after });
      i = after;
      continue;
    }
    while (i < input.length && !/\s/.test(input[i] ?? "")) i++;
    tokens.push({ value: input.slice(start, i), quoted: false, start, end: i });
  }
  return tokens;
}
