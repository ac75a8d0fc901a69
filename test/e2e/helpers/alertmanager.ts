import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findTool, missingToolMessage } from "./external-tools.ts";
import { freePort } from "./free-port.ts";

/**
 * The real Prometheus Alertmanager (Debian's `prometheus-alertmanager`), run as a child process on
 * 127.0.0.1 with its own config, storage and port. The Debian package's service (port 9093, its
 * /etc config) is never used.
 */

/** The Alertmanager binary; throws (so the caller fails, not skips) when it is not installed. */
export function findAlertmanagerBinary(env: NodeJS.ProcessEnv = process.env): string {
  const found = findTool("alertmanager", env);
  if (found) return found;
  throw new Error(missingToolMessage("alertmanager", env));
}

/**
 * Polls `probe` until it returns something other than undefined, or fails after `timeoutMs` with
 * `what` and the last probe error, plus whatever `context()` says (logs, output) to debug it.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; context?: () => string } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
  const context = options.context ? `\n--- context ---\n${options.context()}` : "";
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}${context}`);
}

export interface TestAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** RFC 3339. Omit it to let Alertmanager stamp the time it receives the alert. */
  readonly startsAt?: string;
  readonly generatorURL?: string;
}

/** An alert as Alertmanager's API v2 takes it (`POST /api/v2/alerts`). */
export interface PostableAlert extends TestAlert {
  readonly endsAt?: string;
}

export interface AlertmanagerOptions {
  /** Where the one receiver's webhook posts, e.g. http://127.0.0.1:PORT/webhooks/alertmanager. */
  readonly webhookUrl: string;
  /** Sent as `Authorization: Bearer <token>` through the webhook's http_config. */
  readonly bearerToken: string;
  readonly groupBy?: readonly string[];
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
  /** TZ of the Alertmanager process: the zone it writes the times it stamps itself in. */
  readonly timeZone?: string;
  readonly binary?: string;
}

export interface Alertmanager {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** e.g. "0.25.0", from `--version`. */
  readonly version: string;
  readonly pid: number | undefined;
  /** Everything the process wrote to stdout and stderr so far (its logfmt log). */
  logs(): string;
  /** How often `text` occurs in the log so far. */
  countInLogs(text: string): number;
  /** Posts alerts to the API v2; throws unless Alertmanager accepts them. */
  postAlerts(alerts: readonly PostableAlert[]): Promise<void>;
  /** Fires the alerts (no endsAt: Alertmanager keeps them firing for resolve_timeout). */
  fire(...alerts: readonly TestAlert[]): Promise<void>;
  /** Resolves the alerts: the same labels posted again with endsAt now; returns that endsAt. */
  resolve(...alerts: readonly TestAlert[]): Promise<string>;
  /** The configuration the running process loaded (from /api/v2/status; secrets masked). */
  loadedConfig(): Promise<string>;
  /**
   * A webhook counter from /metrics, e.g. alertmanager_notifications_total. In 0.25 these count
   * flushes (one try with all its retries), not single HTTP attempts.
   */
  webhookCounter(name: string): Promise<number>;
  /** SIGTERM, then SIGKILL if it lingers; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
}

function alertmanagerVersion(binary: string): string {
  const text = execFileSync(binary, ["--version"], { encoding: "utf8", stdio: "pipe" });
  return /version (\d+\.\d+\.\d+)/.exec(text)?.[1] ?? text.split("\n")[0] ?? "unknown";
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (exited(child)) return;
  const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await done;
  clearTimeout(timer);
}

/**
 * Starts Alertmanager on a free 127.0.0.1 port with clustering off, a temp storage path and a
 * generated config whose only route sends every group to `webhookUrl` (send_resolved: true), and
 * waits until `/-/ready` answers 200.
 */
export async function startAlertmanager(options: AlertmanagerOptions): Promise<Alertmanager> {
  const binary = options.binary ?? findAlertmanagerBinary();
  const version = alertmanagerVersion(binary);
  const dir = mkdtempSync(join(tmpdir(), "firebreak-alertmanager-"));
  const configFile = join(dir, "alertmanager.yml");
  // JSON is YAML, and JSON.stringify quotes the URL and the token safely.
  const config = {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: "firebreak",
      group_by: options.groupBy ?? ["alertname"],
      group_wait: options.groupWait ?? "1s",
      group_interval: options.groupInterval ?? "2s",
      repeat_interval: options.repeatInterval ?? "1h",
    },
    receivers: [
      {
        name: "firebreak",
        webhook_configs: [
          {
            url: options.webhookUrl,
            send_resolved: true,
            http_config: {
              authorization: { type: "Bearer", credentials: options.bearerToken },
            },
          },
        ],
      },
    ],
  };
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);

  let lastFailure = "";
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const storage = join(dir, `data-${attempt}`);
    let output = "";
    const child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.path=${storage}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--web.external-url=${url}`,
        "--cluster.listen-address=",
        "--log.level=info",
      ],
      {
        env: { ...process.env, ...(options.timeZone ? { TZ: options.timeZone } : {}) },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
    let failedToSpawn: Error | undefined;
    void spawnError.then((error) => {
      failedToSpawn = error;
    });

    const am: Alertmanager = {
      url,
      version,
      pid: child.pid,
      logs: () => output,
      countInLogs: (text) => output.split(text).length - 1,
      async postAlerts(alerts) {
        const response = await fetch(`${url}/api/v2/alerts`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(alerts),
        });
        if (response.status !== 200) {
          throw new Error(
            `Alertmanager refused the alerts: HTTP ${response.status} ${await response.text()}`,
          );
        }
      },
      fire(...alerts) {
        return am.postAlerts(alerts);
      },
      async resolve(...alerts) {
        const endsAt = new Date().toISOString();
        await am.postAlerts(alerts.map((alert) => ({ ...alert, endsAt })));
        return endsAt;
      },
      async loadedConfig() {
        const response = await fetch(`${url}/api/v2/status`);
        const status = (await response.json()) as { config?: { original?: string } };
        return status.config?.original ?? "";
      },
      async webhookCounter(name) {
        const text = await (await fetch(`${url}/metrics`)).text();
        const line = new RegExp(`^${name}\\{[^}]*integration="webhook"[^}]*\\} (\\S+)$`, "m");
        const value = line.exec(text)?.[1];
        if (value === undefined) throw new Error(`Alertmanager has no ${name} for the webhook`);
        return Number(value);
      },
      async stop() {
        await stopProcess(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };

    try {
      await waitFor(
        `Alertmanager ${version} to be ready on ${url}`,
        async () => {
          if (failedToSpawn) throw failedToSpawn;
          if (exited(child)) throw new Error(`it exited (${child.exitCode ?? child.signalCode})`);
          const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
          return response.status === 200 ? true : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 50, context: () => output },
      );
      return am;
    } catch (error) {
      await stopProcess(child);
      lastFailure = error instanceof Error ? error.message : String(error);
      // Another process may have taken the port between freePort() and the bind: try another.
      if (!/address already in use/.test(output)) break;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`Could not start Alertmanager (${binary}): ${lastFailure}`);
}
