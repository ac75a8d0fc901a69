/** One log method: fields and a message, or a message alone. */
export interface LogMethod {
  (object: object, message?: string): void;
  (message: string): void;
}

/**
 * Firebreak's log port: the slice of pino's logger the application and its adapters use, so
 * only the composition root's caller (src/cli/logger.ts) depends on pino. A pino logger is one.
 */
export interface Log {
  /** The lowest level written (pino's names: trace, debug, info, warn, error, fatal, silent). */
  readonly level: string;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  /** A logger adding `bindings` to every line, optionally at another level. */
  child(bindings: object, options?: { readonly level?: string }): Log;
}
