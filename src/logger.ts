import pino, { type Logger } from "pino";
import { redactSecrets } from "./redact-secrets.ts";

/** Structured JSON logs on stderr, so stdout stays for what people asked for. */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { name: "firebreak" },
      // A walk over each line's fields instead of pino's `redact`: its wildcard paths, deep
      // enough to reach a wrapped HTTP error's headers, cost ~100 µs a line; this costs ~1.
      formatters: { log: (fields) => redactSecrets(fields) },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
