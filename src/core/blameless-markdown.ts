/**
 * What of a Markdown draft the blameless check reads: prose, list items and table cells, not code,
 * reviewer prompts or verbatim chat. Everything left out is blanked with spaces rather than cut,
 * so that columns still point into the original line.
 */
export interface ReadableSpan {
  /** 1-based line. */
  readonly line: number;
  /** 0-based column where the text starts in the line. */
  readonly column: number;
  readonly text: string;
}

const blank = (text: string): string => " ".repeat(text.length);

// A quoted chat line ("> 09:14 @sam: restarting now") is a record of what was said, not the
// author's voice; rewriting it would falsify the record.
const CHAT_QUOTE = /^\s*>\s*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+)?@[\w.-]+:/;
// "- [ ] @sam: add a canary" or "- 09:12 Marco restarted…": the owner or time is a label.
const LIST_LABEL =
  /^(\s*(?:[-*+]|\d+[.)])\s+)(\[[ xX]\]\s+)?((?:\d{1,2}:\d{2}(?::\d{2})?\s+)?(?:@[\w.-]+:\s*)?)/;
// A quotation of three words or more is someone's words, reported; a shorter one may be the
// author's own scare quotes ("a “boneheaded” change") and stays.
const QUOTATION = /“[^”]*”|"[^"]*"/g;
const reported = (quote: string): string =>
  quote.trim().split(/\s+/).length >= 3 ? blank(quote) : quote;

function prose(raw: string): string {
  return raw
    .replace(/`[^`]*`/g, blank)
    .replace(QUOTATION, reported)
    .replace(LIST_LABEL, (_all, bullet: string, box = "", label = "") =>
      blank(`${bullet}${box}${label}`),
    );
}

/** The spans of a draft the check should read, one per line or table cell. */
export function readableSpans(markdown: string): ReadableSpan[] {
  const spans: ReadableSpan[] = [];
  let inCode = false;
  markdown.split("\n").forEach((raw, index) => {
    if (/^\s*(```|~~~)/.test(raw)) {
      inCode = !inCode;
      return;
    }
    if (inCode || /^\s*>\s*✍️/.test(raw) || /^\s*\|?[\s:|-]+\|[\s:|-]*$/.test(raw)) return;
    if (/^\s*<!--.*-->\s*$/.test(raw) || CHAT_QUOTE.test(raw)) return;
    const text = prose(raw);
    if (!/^\s*\|/.test(text)) {
      spans.push({ line: index + 1, column: 0, text });
      return;
    }
    // A table row: each cell is read on its own, as the columns of a timeline are not a sentence.
    let column = 0;
    for (const cell of text.split("|")) {
      if (cell.trim() !== "") spans.push({ line: index + 1, column, text: cell });
      column += cell.length + 1;
    }
  });
  return spans;
}

/** Sentences of a span, with where each starts in it. */
export function sentencesOf(text: string): { start: number; sentence: string }[] {
  const sentences: { start: number; sentence: string }[] = [];
  let cursor = 0;
  for (const part of text.split(/(?<=[.!?])\s+/)) {
    const start = text.indexOf(part, cursor);
    cursor = start + part.length;
    const trimmed = part.trim();
    if (trimmed !== "") sentences.push({ start: start + part.indexOf(trimmed), sentence: trimmed });
  }
  return sentences;
}
