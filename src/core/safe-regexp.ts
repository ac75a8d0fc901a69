/** Escapes only Unicode mode understands, or characters outside the Basic Multilingual Plane. */
const NEEDS_UNICODE_MODE = /\\[pPu]\{|[\uD800-\uDFFF]/;

/**
 * `new RegExp`, for patterns people configure (route matchers, runbook argument patterns) and test
 * against text from the network or chat. The process tells V8 to switch a match that backtracks
 * excessively to its linear-time engine (enableLinearRegExpFallback in src/process-settings.ts,
 * called by createApp and the CLI), so a pattern like `(a+)+` cannot freeze the bot on a hostile
 * label value (ReDoS). That engine has no Unicode mode, so a pattern that needs none is
 * checked with `u` (its stricter syntax) and run without it; one that uses `\p{…}` or `\u{…}` keeps
 * `u`, and with it V8's ordinary engine.
 */
export function safeRegExp(source: string, flags = ""): RegExp {
  const checked = new RegExp(source, flags);
  if (!flags.includes("u") || NEEDS_UNICODE_MODE.test(source)) return checked;
  try {
    return new RegExp(source, flags.replace("u", ""));
  } catch {
    return checked;
  }
}
