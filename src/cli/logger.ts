import { createRequire } from "node:module";
import pino, { type DestinationStream, type Logger } from "pino";
import { redactSecrets } from "../core/redact-secrets.ts";

/** JSON lines for log collectors, or one readable line per entry for a person at a terminal. */
export type LogFormat = "json" | "pretty";

/**
 * `FIREBREAK_LOG_FORMAT` when set; otherwise readable lines when stderr is a terminal (a person
 * is watching, often beside the console chat) and JSON when it is not (a collector is reading).
 */
export function logFormatFor(env: NodeJS.ProcessEnv, stderrIsTerminal: boolean): LogFormat {
  const chosen = env.FIREBREAK_LOG_FORMAT;
  if (chosen === "json" || chosen === "pretty") return chosen;
  return stderrIsTerminal ? "pretty" : "json";
}

/** pino-pretty is loaded only for a terminal, so a server logging JSON never pays for it. */
function prettyStream(): DestinationStream {
  const { build } = createRequire(import.meta.url)("pino-pretty") as typeof import("pino-pretty");
  return build({
    destination: 2,
    sync: true,
    singleLine: true,
    translateTime: "SYS:HH:MM:ss",
    ignore: "pid,hostname,name",
  });
}

/** Structured logs on stderr, so stdout stays for what people asked for. */
export function createLogger(
  level: string,
  format: LogFormat = logFormatFor(process.env, process.stderr.isTTY === true),
): Logger {
  return pino(
    {
      level,
      base: { name: "firebreak" },
      // A walk over each line's fields instead of pino's `redact`: its wildcard paths, deep
      // enough to reach a wrapped HTTP error's headers, cost ~100 µs a line; this costs ~1.
      formatters: { log: (fields) => redactSecrets(fields) },
    },
    format === "pretty" ? prettyStream() : pino.destination({ fd: 2, sync: true }),
  );
}
