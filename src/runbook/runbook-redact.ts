import { REDACTED } from "../core/redact-secrets.ts";

/** Shorter "secrets" would blank out ordinary words and digits all over the output. */
const MIN_SECRET_LENGTH = 4;

/**
 * Token shapes worth hiding even when nobody said they were secrets: a program that prints its
 * own configuration, or a server that echoes a header, must not put a credential into a room
 * and from there into the timeline and the postmortem. Each keeps what makes the line readable
 * (`Bearer`, `password=`: the first group, which always opens the match) and hides the rest.
 * None crosses a line break, except the key block.
 */
const SHAPES: readonly RegExp[] = [
  /-----BEGIN[ A-Z0-9]*PRIVATE KEY-----[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY-----|$)/g,
  /\bxox[abposr]-[A-Za-z0-9-]{8,}/g,
  /\bxapp-[A-Za-z0-9-]{8,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  /\b(Bearer[ \t]+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(Authorization[ \t]*:[ \t]*[A-Za-z]+[ \t]+)[^\s"']+/gi,
  /\b((?:pass(?:word|wd)?|secret|api[_-]?key|token|access[_-]?token|auth[_-]?token|client[_-]?secret)["']?[ \t]*[=:][ \t]*["']?)[^\s"'&,;]+/gi,
];

/**
 * Replaces the given secret values, and common credential shapes, with `[redacted]`. Values are
 * also hidden in the forms they take in URLs and JSON, and a multi-line value line by line, so a
 * secret split across chunks of a stream is caught at each line.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return redactUpTo(text, text.length, secrets, false);
}

/**
 * How far past a cut the text must reach for redactTruncated to see every secret or token shape
 * that starts before it whole: the longest form of a secret, or the longest start of a shape.
 */
export function redactionReachBytes(secrets: readonly string[]): number {
  return Math.max(
    SHAPE_REACH_BYTES,
    ...secretForms(secrets).map((form) => Buffer.byteLength(form)),
  );
}

/**
 * The first `cut` characters of `text`, redacted as if the whole text were: `text` goes on past
 * the cut (by redactionReachBytes where the program wrote that much) so that a secret or token the
 * cut falls inside is recognised and hidden whole rather than leaving its first characters. When
 * the text ends inside a secret (the program was stopped mid-way), that start is hidden too.
 */
export function redactTruncated(text: string, cut: number, secrets: readonly string[]): string {
  return redactUpTo(text, cut, secrets, true);
}

/** More than any shape needs to be recognised (a github_pat_ token: 31 characters). */
const SHAPE_REACH_BYTES = 256;

type Span = readonly [start: number, end: number];

function redactUpTo(text: string, cut: number, secrets: readonly string[], truncated: boolean) {
  const forms = secretForms(secrets);
  const spans: Span[] = [];
  for (const form of forms) {
    for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + form.length)) {
      spans.push([at, at + form.length]);
    }
  }
  for (const shape of SHAPES) {
    for (const match of text.matchAll(shape)) {
      spans.push([match.index + (match[1]?.length ?? 0), match.index + match[0].length]);
    }
  }
  if (truncated) spans.push(...unfinishedSecrets(text, cut, forms));
  spans.sort((a, b) => a[0] - b[0]);
  let out = "";
  let done = 0;
  for (const [start, end] of spans) {
    if (start >= cut) break;
    if (end <= done) continue;
    if (start >= done) out += text.slice(done, start) + REDACTED;
    done = end;
  }
  return done < cut ? out + text.slice(done, cut) : out;
}

/** A secret the text ends in the middle of, started before the cut: its start, to be hidden. */
function unfinishedSecrets(text: string, cut: number, forms: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (const form of forms) {
    for (let length = form.length - 1; length >= MIN_SECRET_LENGTH; length--) {
      if (text.length - length < cut && text.endsWith(form.slice(0, length))) {
        spans.push([text.length - length, text.length]);
        break;
      }
    }
  }
  return spans;
}

function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
      if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
    }
    for (const line of secret.split(/\r?\n/)) {
      if (line.trim().length >= 8) forms.add(line);
    }
  }
  // Longest first, so a secret that contains another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length);
}
