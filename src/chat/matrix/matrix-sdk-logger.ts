import type { Logger } from "matrix-js-sdk/lib/logger.js";
import type { Log } from "../../core/log.ts";

/**
 * The SDK logs every request, and at error level every failed send — including the rate-limited
 * ones Firebreak retries. Firebreak reports what matters itself, so the SDK's chatter is kept to
 * debug level (its warnings and errors) or dropped (the rest).
 */
export function quietSdkLogger(log: Log, namespace = "matrix-js-sdk"): Logger {
  const report = (...parts: unknown[]) => {
    log.debug({ sdk: namespace, detail: parts.map(describe).join(" ") }, "matrix-js-sdk");
  };
  const ignore = () => {};
  return {
    trace: ignore,
    debug: ignore,
    info: ignore,
    warn: report,
    error: report,
    getChild: (child: string) => quietSdkLogger(log, `${namespace}:${child}`),
  };
}

function describe(part: unknown): string {
  if (part instanceof Error) return part.message;
  return typeof part === "string" ? part : String(part);
}
