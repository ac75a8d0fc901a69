import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./helpers/alertmanager.ts";
import {
  FIREBREAK_BIN,
  type ServeProcess,
  serveEnv,
  startServe,
} from "./helpers/firebreak-serve.ts";
import { freePort } from "./helpers/free-port.ts";

/**
 * SIGTERM stops `firebreak serve` gracefully: it stops accepting connections at once, but every
 * webhook already in flight is read to its end, stored and answered 2xx, the chat is told, and
 * the process exits 0.
 */

const run = promisify(execFile);
const TOKEN = `graceful-${randomBytes(12).toString("hex")}`;
const IN_FLIGHT = 3;
const ALERTS_EACH = 500;

/** An Alertmanager v4 payload of one group with many alerts: a big body, sent in two halves. */
function payload(group: number): string {
  const alertname = `GracefulShutdown${group}`;
  const startsAt = "2026-11-18T09:00:00Z";
  return JSON.stringify({
    version: "4",
    groupKey: `{}:{alertname="${alertname}"}`,
    status: "firing",
    receiver: "firebreak",
    groupLabels: { alertname },
    commonLabels: { alertname, severity: "critical" },
    commonAnnotations: { summary: `Group ${group} is down` },
    externalURL: "http://alertmanager.example.org:9093",
    alerts: Array.from({ length: ALERTS_EACH }, (_, i) => ({
      status: "firing",
      labels: { alertname, severity: "critical", instance: `host-${group}-${i}` },
      annotations: { summary: `Group ${group} is down`, description: "x".repeat(200) },
      startsAt,
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus.example.org:9090/graph",
      fingerprint: `graceful-${group}-${i}`,
    })),
  });
}

interface InFlight {
  /** Resolves when Firebreak has read the headers and routed the request (100 Continue). */
  readonly routed: Promise<void>;
  readonly response: Promise<{ status: number; body: string }>;
  write(part: string): void;
  end(part: string): void;
}

/** A webhook POST on its own connection that sends its body only when told. */
function startWebhook(port: number, body: string): InFlight {
  const req = request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: "/webhooks/alertmanager",
    agent: false,
    headers: {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      authorization: `Bearer ${TOKEN}`,
      // Node's server answers 100 Continue just before it hands the request to Fastify.
      expect: "100-continue",
    },
  });
  // Every error, not just the first: a write after a reset fails again.
  const failed = new Promise<never>((_, reject) => req.on("error", reject));
  failed.catch(() => {});
  const routed = Promise.race([
    new Promise<void>((resolve) => req.once("continue", () => resolve())),
    failed,
  ]);
  const response = Promise.race([
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.once("response", (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.once("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.once("error", reject);
      });
    }),
    failed,
  ]);
  // Awaited only after the SIGTERM: a reset before then is the test's failure, not an unhandled one.
  response.catch(() => {});
  req.flushHeaders();
  return {
    routed,
    response,
    write: (part) => req.write(part),
    end: (part) => req.end(part),
  };
}

/** Whether a new TCP connection to the port is refused (nothing listens any more). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

/** A keep-alive connection that got one answer and now sits idle. */
async function idleKeepAlive(port: number): Promise<{ socket: Socket; closed: Promise<string> }> {
  const socket = connect({ host: "127.0.0.1", port });
  let received = "";
  const closed = new Promise<string>((resolve) => socket.once("close", () => resolve(received)));
  socket.on("data", (chunk: Buffer) => {
    received += chunk.toString();
  });
  socket.on("error", () => {});
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n");
  await waitFor("the keep-alive answer", () =>
    received.endsWith('{"status":"ok"}') ? true : undefined,
  );
  received = "";
  return { socket, closed };
}

describe("firebreak serve on SIGTERM", () => {
  let dataDir: string;
  let port: number;
  let firebreak: ServeProcess | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "firebreak-graceful-"));
    port = await freePort();
  });
  afterAll(async () => {
    await firebreak?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers and stores the webhooks in flight, refuses new connections, and exits 0", async () => {
    const serve = await startServe({ dataDir, port, token: TOKEN });
    firebreak = serve;
    const bodies = Array.from({ length: IN_FLIGHT }, (_, i) => payload(i + 1));

    // Requests Firebreak has routed, each with half of its body sent; and an idle connection.
    const webhooks = bodies.map((body) => startWebhook(port, body));
    await Promise.all(webhooks.map((webhook) => webhook.routed));
    webhooks.forEach((webhook, i) => {
      const body = bodies[i] ?? "";
      webhook.write(body.slice(0, body.length / 2));
    });
    const idle = await idleKeepAlive(port);

    serve.process.kill("SIGTERM");

    // It stops listening at once, with the requests still open: new connections are refused.
    await waitFor(
      "new connections to be refused",
      async () => ((await refused(port)) ? true : undefined),
      {
        timeoutMs: 15_000,
        intervalMs: 20,
        context: () => `stdout:\n${serve.stdout()}\nstderr:\n${serve.stderr()}`,
      },
    );
    // The idle keep-alive connection is closed without an answer; it held nothing in flight.
    expect(await idle.closed).toBe("");

    // The rest of each body arrives after the SIGTERM: each is stored and answered.
    webhooks.forEach((webhook, i) => {
      const body = bodies[i] ?? "";
      webhook.end(body.slice(body.length / 2));
    });
    const answers = await Promise.all(webhooks.map((webhook) => webhook.response));
    for (const answer of answers) {
      expect(answer.status, answer.body).toBeGreaterThanOrEqual(200);
      expect(answer.status, answer.body).toBeLessThan(300);
    }

    expect(await serve.exited, serve.stderr()).toBe(0);
    expect(await refused(port)).toBe(true);

    // The chat was told before the exit: each in-flight webhook's incident has its room.
    for (let n = 1; n <= IN_FLIGHT; n++) {
      expect(serve.stdout()).toMatch(
        new RegExp(`^\\[inc-${n}\\] firebreak: \\*INC-${n}\\* · `, "m"),
      );
    }

    // And everything they carried is in the database.
    const { stdout } = await run(process.execPath, [FIREBREAK_BIN, "incidents", "--json"], {
      env: serveEnv({ dataDir, port }),
      cwd: dataDir,
    });
    const incidents = (JSON.parse(stdout) as { title: string; alerts: number }[])
      .map((incident) => [incident.title, incident.alerts])
      .sort();
    expect(incidents).toEqual(
      Array.from({ length: IN_FLIGHT }, (_, i) => [`Group ${i + 1} is down`, ALERTS_EACH]),
    );
  }, 60_000);
});
