import { REDACTED } from "./redact-secrets.ts";

/** Shorter "secrets" would blank out ordinary words and digits all over the output. */
const MIN_SECRET_LENGTH = 4;

/**
 * Token shapes worth hiding even when nobody said they were secrets: a program that prints its
 * own configuration, or a server that echoes a header, must not put a credential into a room
 * and from there into the timeline and the postmortem. Each keeps what makes the line readable
 * (`Bearer`, `password=`) and hides the rest. None crosses a line break, except the key block.
 */
const SHAPES: readonly [RegExp, string][] = [
  [
    /-----BEGIN[ A-Z0-9]*PRIVATE KEY-----[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY-----|$)/g,
    REDACTED,
  ],
  [/\bxox[abposr]-[A-Za-z0-9-]{8,}/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]{8,}/g, REDACTED],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, REDACTED],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\b(Bearer[ \t]+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1${REDACTED}`],
  [/\b(Authorization[ \t]*:[ \t]*[A-Za-z]+[ \t]+)[^\s"']+/gi, `$1${REDACTED}`],
  [
    /\b((?:pass(?:word|wd)?|secret|api[_-]?key|token|access[_-]?token|auth[_-]?token|client[_-]?secret)["']?[ \t]*[=:][ \t]*["']?)[^\s"'&,;]+/gi,
    `$1${REDACTED}`,
  ],
];

/**
 * Replaces the given secret values, and common credential shapes, with `[redacted]`. Values are
 * also hidden in the forms they take in URLs and JSON, and a multi-line value line by line, so a
 * secret split across chunks of a stream is caught at each line.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const value of secretForms(secrets)) out = out.split(value).join(REDACTED);
  for (const [shape, replacement] of SHAPES) out = out.replace(shape, replacement);
  return out;
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
