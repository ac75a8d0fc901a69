import type { FastifyBaseLogger } from "fastify";
import type { Log } from "../core/log.ts";

type Level = "debug" | "info" | "warn" | "error";
type LogFn = FastifyBaseLogger["info"];

/**
 * Fastify's logger over Firebreak's log port. Fastify hands its child loggers pino's options
 * (its req/res/err serializers), which reach the logger behind the port unchanged. Fastify itself
 * never logs at fatal and logs trace only below the HTTP logger's level (warn or higher), so
 * those two go to the nearest levels the port has.
 */
export function fastifyLog(log: Log): FastifyBaseLogger {
  // Called on `log` itself, as pino's methods need.
  const to =
    (level: Level): LogFn =>
    (...args: unknown[]) =>
      (log[level] as (...parts: unknown[]) => void).apply(log, args);
  return {
    level: log.level,
    trace: to("debug"),
    debug: to("debug"),
    info: to("info"),
    warn: to("warn"),
    error: to("error"),
    fatal: to("error"),
    silent: () => {},
    child: (bindings, options) => fastifyLog(log.child(bindings, options)),
  };
}
