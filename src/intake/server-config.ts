import { z } from "zod";
import { ConfigError } from "../config/config-error.ts";

/** The largest webhook body server.bodyLimitBytes may allow. */
export const MAX_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** The `server:` section of firebreak.yaml: the one HTTP port for webhooks, Slack and health. */
export const serverSection = z
  .strictObject({
    // Loopback by default: listening wider needs FIREBREAK_WEBHOOK_TOKEN, checked at start-up.
    host: z.string().min(1, { message: "expected a host name or IP address" }).default("127.0.0.1"),
    port: z
      .number({ message: "expected a port number from 0 to 65535" })
      .int()
      .min(0)
      .max(65535)
      .default(8787),
    bodyLimitBytes: z
      .number({ message: "expected a size in bytes" })
      .int()
      .min(1024, { message: "expected at least 1024 bytes" })
      // Parsing and storing a delivery holds the event loop (~0.2 s per MiB): cap it.
      .max(MAX_BODY_LIMIT_BYTES, {
        message: `expected at most ${MAX_BODY_LIMIT_BYTES} bytes (4 MiB): a larger delivery would stall Firebreak for seconds`,
      })
      .default(1024 * 1024),
  })
  .prefault({});

function envPort(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.FIREBREAK_PORT;
  if (raw === undefined || raw === "") return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`FIREBREAK_PORT: expected a port number from 0 to 65535, got "${raw}".`);
  }
  return port;
}

/** Where to listen: FIREBREAK_HOST and FIREBREAK_PORT, when set and not empty, win over the file. */
export function serverSettings(section: z.output<typeof serverSection>, env: NodeJS.ProcessEnv) {
  return {
    host: env.FIREBREAK_HOST || section.host,
    port: envPort(env) ?? section.port,
    bodyLimitBytes: section.bodyLimitBytes,
  };
}

/** The webhooks' secrets: from the environment only, so they never sit in a file or a log. */
export function webhookSecrets(env: NodeJS.ProcessEnv) {
  return {
    // Set but empty is kept, so start-up can refuse it rather than run without a token.
    webhookToken: env.FIREBREAK_WEBHOOK_TOKEN,
    grafanaSecret: env.FIREBREAK_GRAFANA_SECRET || undefined,
  };
}
