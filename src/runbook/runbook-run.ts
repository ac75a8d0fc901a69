import { runExec } from "./runbook-exec.ts";
import { runHttp } from "./runbook-http.ts";
import type { RunLimiter } from "./runbook-limiter.ts";
import { createOutputCollector, DEFAULT_MAX_OUTPUT_BYTES } from "./runbook-output.ts";
import type { RunbookPlan } from "./runbook-plan.ts";
import type { RunbookResult } from "./runbook-result.ts";

export { createRunLimiter, type RunLimiter } from "./runbook-limiter.ts";
export type { RunbookResult } from "./runbook-result.ts";

/** What every program gets; anything else must be asked for by the command (env, secretEnv). */
export const DEFAULT_RUN_ENV: readonly string[] = ["PATH", "LANG", "HOME", "TZ"];

export interface RunOptions {
  readonly timeoutMs: number;
  /** Default 64 KiB; the program is stopped when it writes more. */
  readonly maxOutputBytes?: number;
  /** Variable names the program may see (default DEFAULT_RUN_ENV); the plan's own are added. */
  readonly env?: readonly string[];
  /** Where the values come from (default process.env). */
  readonly sourceEnv?: NodeJS.ProcessEnv;
  /** Shared by all runs of the bot, so a busy incident cannot fork-bomb the host. */
  readonly limiter?: RunLimiter;
  /** Output as it arrives, already redacted, a line at a time. */
  readonly onOutput?: (chunk: string) => void;
  /**
   * Cancels the run (the bot shutting down): the program's group is killed, the request aborted.
   * Programs run in a session of their own, so they do not die with the bot by themselves.
   */
  readonly signal?: AbortSignal;
  /** Values to redact: secretsOf(command, env). Token shapes are redacted regardless. */
  readonly secrets: readonly string[];
}

export function runRunbook(plan: RunbookPlan, options: RunOptions): Promise<RunbookResult> {
  const task = () => runNow(plan, options);
  return options.limiter ? options.limiter.run(task) : task();
}

function runNow(plan: RunbookPlan, options: RunOptions): Promise<RunbookResult> {
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const collector = createOutputCollector({
    maxBytes: maxOutputBytes,
    secrets: options.secrets,
    onOutput: options.onOutput,
  });
  const common = {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    maxOutputBytes,
    collector,
    secrets: options.secrets,
  };
  if (plan.kind === "http") return runHttp(plan, common);
  const source = options.sourceEnv ?? process.env;
  const env: Record<string, string> = {};
  for (const name of [...(options.env ?? DEFAULT_RUN_ENV), ...plan.env]) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  return runExec(plan.argv, { ...common, env });
}
