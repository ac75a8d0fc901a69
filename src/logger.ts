import pino, { type Logger } from "pino";

/** Structured JSON logs on stderr, so stdout stays for what people asked for. */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { name: "firebreak" },
      redact: {
        paths: ["token", "*.token", "authorization", "*.authorization", "*.headers.authorization"],
        censor: "[redacted]",
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
