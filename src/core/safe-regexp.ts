// biome-ignore lint/style/noRestrictedImports: a process-wide V8 setting in the core; listed in /work/layout/leaks.md (issue 16), it moves to the composition root.
import { setFlagsFromString } from "node:v8";

let switched = false;

/** Escapes only Unicode mode understands, or characters outside the Basic Multilingual Plane. */
const NEEDS_UNICODE_MODE = /\\[pPu]\{|[\uD800-\uDFFF]/;

/**
 * `new RegExp`, for patterns people configure (route matchers, runbook argument patterns) and test
 * against text from the network or chat. V8 is told to switch a match that backtracks
 * excessively to its linear-time engine, so a pattern like `(a+)+` cannot freeze the bot on a
 * hostile label value (ReDoS). That engine has no Unicode mode, so a pattern that needs none is
 * checked with `u` (its stricter syntax) and run without it; one that uses `\p{…}` or `\u{…}` keeps
 * `u`, and with it V8's ordinary engine.
 */
export function safeRegExp(source: string, flags = ""): RegExp {
  if (!switched) {
    setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
    switched = true;
  }
  const checked = new RegExp(source, flags);
  if (!flags.includes("u") || NEEDS_UNICODE_MODE.test(source)) return checked;
  try {
    return new RegExp(source, flags.replace("u", ""));
  } catch {
    return checked;
  }
}
