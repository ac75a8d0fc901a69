import { setFlagsFromString } from "node:v8";

let enabled = false;

/**
 * Tells V8 to switch a match that backtracks excessively to its linear-time engine, so a pattern
 * people configure (a route matcher, a runbook argument pattern; see src/core/safe-regexp.ts)
 * cannot freeze the bot on hostile text (ReDoS). A process-wide setting, so it lives here and not
 * in the core: createApp and the CLI call it first thing, before config or runbooks are loaded.
 * V8 compiles a RegExp when it first runs, so a pattern built earlier is covered too.
 */
export function enableLinearRegExpFallback(): void {
  if (enabled) return;
  setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
  enabled = true;
}
