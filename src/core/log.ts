/** The slice of pino's logger the core needs, so it does not depend on pino itself. */
export interface Log {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}
