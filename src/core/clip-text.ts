/** `text`, cut to at most `max` characters with "…" at the end when it was longer. */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Whether a message of this text is within a platform's limit (as the platform encodes it). */
export type Fits = (text: string) => boolean;

/** Never between the two halves of a surrogate pair (an emoji would turn into two `�`). */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/**
 * The longest clip of `text` (as clipText cuts it) that `fits`: for a message that can only be
 * replaced whole, such as an edit.
 */
export function clipToFit(text: string, fits: Fits): string {
  if (fits(text)) return text;
  let best = "…";
  let low = 1;
  let high = text.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const clipped = `${text.slice(0, safeCut(text, middle))}…`;
    if (fits(clipped)) {
      best = clipped;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

/**
 * `text` as consecutive parts that each fit, cut at a line break near the middle where there is
 * one: for answers longer than a platform takes in one message (Slack's 40,000 characters,
 * Matrix's 64 KiB events). Halving keeps the number of `fits` calls at O(log n) per part.
 */
export function splitToFit(text: string, fits: Fits): string[] {
  const parts = halves(text, fits).filter((part) => part !== "");
  return parts.length > 0 ? parts : [text];
}

function halves(text: string, fits: Fits): string[] {
  if (text.length <= 1 || fits(text)) return [text];
  const quarter = text.length >> 2;
  const middle = text.length >> 1;
  const breaks = [text.lastIndexOf("\n", middle), text.indexOf("\n", middle)].filter(
    (at) => at > 0 && at >= quarter && at <= text.length - quarter,
  );
  const lineBreak = breaks.sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle))[0];
  const cut = lineBreak ?? safeCut(text, middle);
  if (cut <= 0) return [text]; // one character that does not fit: nothing smaller to send
  const rest = lineBreak === undefined ? text.slice(cut) : text.slice(cut + 1);
  return [...halves(text.slice(0, cut), fits), ...halves(rest, fits)];
}
