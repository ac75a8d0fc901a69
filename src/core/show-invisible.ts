/**
 * Control, format (zero-width, bidi), separator and non-ASCII space characters: in an error they
 * would not show, or would show as something else (`p\u200bort` printed raw looks like `port`).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/gu;

/** `text` with every invisible character written as an escape (`\u200b`), the rest as it is. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (char) => {
    const code = (char.codePointAt(0) ?? 0).toString(16);
    return code.length <= 4 ? `\\u${code.padStart(4, "0")}` : `\\u{${code}}`;
  });
}
