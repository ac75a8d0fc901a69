import type { OutputCollector } from "./runbook-output.ts";
import type { RunbookPlan } from "./runbook-plan.ts";
import { redactSecrets } from "./runbook-redact.ts";
import { describeTimeout, type RunbookResult } from "./runbook-result.ts";

type HttpPlan = Extract<RunbookPlan, { kind: "http" }>;

export interface HttpOptions {
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly signal?: AbortSignal | undefined;
  readonly collector: OutputCollector;
  readonly secrets: readonly string[];
}

/**
 * Sends the request with a deadline covering the whole exchange, body included. Redirects are
 * not followed: the request carries secrets, and where they go is fixed by the command file.
 */
export async function runHttp(plan: HttpPlan, options: HttpOptions): Promise<RunbookResult> {
  const started = performance.now();
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const cap = new AbortController();
  let httpStatus: number | undefined;
  let error: string | undefined;
  let timedOut = false;
  try {
    const response = await fetch(plan.url, {
      method: plan.method,
      headers: plan.headers,
      redirect: "manual",
      signal: AbortSignal.any([deadline, cap.signal, ...(options.signal ? [options.signal] : [])]),
      ...(plan.body === undefined ? {} : { body: plan.body }),
    });
    httpStatus = response.status;
    const reader = response.body?.getReader();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!options.collector.push(value)) {
        error = `the response passed ${options.maxOutputBytes} bytes: stopped reading it`;
        cap.abort();
        await reader.cancel().catch(() => undefined);
        break;
      }
    }
  } catch (failure) {
    timedOut = deadline.aborted;
    if (timedOut) error = `timed out after ${describeTimeout(options.timeoutMs)}`;
    else if (options.signal?.aborted) error = "cancelled";
    else if (error === undefined) error = `the request failed: ${reason(failure)}`;
  }
  return {
    exitCode: null,
    ...(httpStatus === undefined ? {} : { httpStatus }),
    durationMs: Math.round(performance.now() - started),
    output: options.collector.finish(),
    timedOut,
    ...(error === undefined ? {} : { error: redactSecrets(error, options.secrets) }),
  };
}

function reason(failure: unknown): string {
  const cause = (failure as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.message ? `${cause.code} (${cause.message})` : cause.code;
  return failure instanceof Error ? failure.message : String(failure);
}
