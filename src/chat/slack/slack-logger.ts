import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Log } from "../../core/log.ts";

function text(parts: unknown[]): string {
  return parts
    .map((part) => {
      if (typeof part === "string") return part;
      if (part instanceof Error) return part.message;
      try {
        return JSON.stringify(part);
      } catch {
        return String(part);
      }
    })
    .join(" ");
}

function levelOf(level: string): LogLevel {
  if (level === "trace" || level === "debug") return LogLevel.DEBUG;
  if (level === "info") return LogLevel.INFO;
  if (level === "warn") return LogLevel.WARN;
  return LogLevel.ERROR;
}

/**
 * Bolt, its WebClient and the Socket Mode client log through @slack/logger; this sends their lines
 * to Firebreak's log, so they are structured JSON on stderr like everything else and
 * follow FIREBREAK_LOG_LEVEL (Bolt's own setLevel calls are ignored).
 */
export function slackLogger(log: Log): SlackLogger {
  return {
    debug: (...parts: unknown[]) => log.debug(text(parts)),
    info: (...parts: unknown[]) => log.info(text(parts)),
    warn: (...parts: unknown[]) => log.warn(text(parts)),
    error: (...parts: unknown[]) => log.error(text(parts)),
    setLevel() {},
    getLevel: () => levelOf(log.level),
    setName() {},
  };
}
