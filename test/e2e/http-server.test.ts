import Database from "better-sqlite3";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NormalizedAlert } from "../../src/core/alert.ts";
import { manualClock } from "../../src/core/clock.ts";
import { ingestAlerts } from "../../src/intake/alert-intake.ts";
import { buildHttpServer } from "../../src/intake/http-server.ts";
import { createMetrics } from "../../src/intake/metrics.ts";
import { databasePath } from "../../src/store/sqlite/open-database.ts";
import { rulesWith } from "../helpers/rules.ts";
import { openTempStore, readFixture, type TempStore } from "../helpers/temp-store.ts";

const BODY_LIMIT = 64 * 1024;
const TOKEN = "s3cret-webhook-token";

interface Running {
  readonly url: string;
  readonly app: FastifyInstance;
}

let temp: TempStore;
let chatConnected: boolean;
let servers: FastifyInstance[];

/** Wires the server the way src/app.ts does, on a real store, listening on loopback. */
async function start(options: { webhookToken?: string } = {}): Promise<Running> {
  const { store } = temp;
  const clock = manualClock("2026-11-18T09:13:00.000Z");
  const app = buildHttpServer({
    log: pino({ level: "silent" }),
    clock,
    metrics: createMetrics(),
    bodyLimitBytes: BODY_LIMIT,
    webhookToken: options.webhookToken,
    grafanaSecret: undefined,
    receiveAlerts: (alerts: readonly NormalizedAlert[]) =>
      store.transaction(() => ingestAlerts(store, alerts, clock, rulesWith())),
    readiness: () => ({ database: store.isHealthy(), chat: chatConnected }),
  });
  servers.push(app);
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { url, app };
}

beforeEach(() => {
  temp = openTempStore();
  chatConnected = true;
  servers = [];
});

afterEach(async () => {
  for (const app of servers) await app.close();
  temp.cleanup();
});

function fixtureText(name: string): string {
  return JSON.stringify(readFixture(name));
}

function postAlertmanager(
  url: string,
  body: string,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<Response> {
  return fetch(`${url}/webhooks/alertmanager`, { method: "POST", headers, body });
}

/** What another process reading the database file sees: only committed rows. */
function storedAlerts(): { fingerprint: string; incident_number: number | null }[] {
  const raw = new Database(databasePath(temp.dir), { readonly: true });
  try {
    return raw.prepare("select fingerprint, incident_number from alerts order by id").all() as {
      fingerprint: string;
      incident_number: number | null;
    }[];
  } finally {
    raw.close();
  }
}

function countIncidents(): number {
  return temp.store.incidents.list().length;
}

describe("POST /webhooks/alertmanager", () => {
  it("answers 200 only once the alerts are stored, naming the incident it opened", async () => {
    const { url } = await start();
    const response = await postAlertmanager(url, fixtureText("alertmanager-firing.json"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      status: "stored",
      received: 2,
      changed: 2,
      incidents: ["INC-1"],
    });
    expect(storedAlerts()).toEqual([
      { fingerprint: "8f1e3b2a9c4d5e6f", incident_number: 1 },
      { fingerprint: "1a2b3c4d5e6f7a8b", incident_number: 1 },
    ]);
    expect(temp.store.incidents.get(1)?.title).toBe("Nova API p99 latency above 2s");
  });

  it("a redelivery answers 200 with nothing changed and opens no incident", async () => {
    const { url } = await start();
    await postAlertmanager(url, fixtureText("alertmanager-firing.json"));
    const timeline = temp.store.timeline.list(1);

    const again = await postAlertmanager(url, fixtureText("alertmanager-firing.json"));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({
      status: "stored",
      received: 2,
      changed: 0,
      incidents: [],
    });
    expect(countIncidents()).toBe(1);
    expect(storedAlerts()).toHaveLength(2);
    expect(temp.store.timeline.list(1)).toEqual(timeline);
  });

  it("stores the resolve of the group against the same incident", async () => {
    const { url } = await start();
    await postAlertmanager(url, fixtureText("alertmanager-firing.json"));
    const response = await postAlertmanager(url, fixtureText("alertmanager-resolved.json"));
    expect(await response.json()).toEqual({
      status: "stored",
      received: 2,
      changed: 2,
      incidents: [],
    });
    expect(temp.store.alerts.listForIncident(1).map((alert) => alert.status)).toEqual([
      "resolved",
      "resolved",
    ]);
  });

  it("refuses a text/plain body with 415 and a JSON error", async () => {
    const { url } = await start();
    const response = await postAlertmanager(url, fixtureText("alertmanager-firing.json"), {
      "content-type": "text/plain",
    });
    expect(response.status).toBe(415);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe("unsupported_media_type");
    expect(body.message).toMatch(/application\/json/);
    expect(storedAlerts()).toEqual([]);
  });

  it("refuses a body over the limit with 413 and stores nothing", async () => {
    const { url } = await start();
    const payload = readFixture("alertmanager-firing.json") as {
      alerts: { annotations: Record<string, string> }[];
    };
    const first = payload.alerts[0];
    if (first) first.annotations.description = "x".repeat(BODY_LIMIT);
    const response = await postAlertmanager(url, JSON.stringify(payload));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toBe("payload_too_large");
    expect(storedAlerts()).toEqual([]);
  });

  it("refuses malformed JSON with 400 invalid_json", async () => {
    const { url } = await start();
    const response = await postAlertmanager(url, '{"version": "4", "alerts": [');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe("invalid_json");
    expect(body.message).toMatch(/not valid JSON/);
  });

  it("refuses an empty JSON body with 400", async () => {
    const { url } = await start();
    const response = await postAlertmanager(url, "");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("empty_body");
  });

  it("refuses a schema violation with 400 naming the field, and stores nothing", async () => {
    const { url } = await start();
    const payload = readFixture("alertmanager-firing.json") as {
      alerts: Record<string, unknown>[];
    };
    const first = payload.alerts[0];
    if (first) delete first.fingerprint;
    const response = await postAlertmanager(url, JSON.stringify(payload));
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: string;
      message: string;
      problems: { field: string; problem: string }[];
    };
    expect(body.error).toBe("invalid_payload");
    expect(body.message).toContain("alerts[0].fingerprint");
    expect(body.problems.map((problem) => problem.field)).toEqual(["alerts[0].fingerprint"]);
    // The valid second alert of the same payload was not stored either.
    expect(storedAlerts()).toEqual([]);
    expect(countIncidents()).toBe(0);
  });

  it("refuses another webhook version with a message that says which", async () => {
    const { url } = await start();
    const payload = { ...(readFixture("alertmanager-firing.json") as object), version: "3" };
    const response = await postAlertmanager(url, JSON.stringify(payload));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(
      'version: expected "4"',
    );
  });
});

describe("webhook token", () => {
  it("without or with a wrong Authorization header: 401 and nothing stored", async () => {
    const { url } = await start({ webhookToken: TOKEN });
    const body = fixtureText("alertmanager-firing.json");
    for (const authorization of [undefined, `Bearer wrong-token`, TOKEN, `Basic ${TOKEN}`]) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (authorization !== undefined) headers.authorization = authorization;
      const response = await postAlertmanager(url, body, headers);
      expect(response.status, `Authorization: ${authorization}`).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(((await response.json()) as { error: string }).error).toBe("unauthorized");
    }
    expect(storedAlerts()).toEqual([]);
  });

  it("with Bearer <token>: 200 and stored", async () => {
    const { url } = await start({ webhookToken: TOKEN });
    const response = await postAlertmanager(url, fixtureText("alertmanager-firing.json"), {
      "content-type": "application/json",
      authorization: `Bearer ${TOKEN}`,
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { incidents: string[] }).incidents).toEqual(["INC-1"]);
    expect(storedAlerts()).toHaveLength(2);
  });

  it("health checks stay open to probes without the token", async () => {
    const { url } = await start({ webhookToken: TOKEN });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });
});

describe("health", () => {
  it("GET /healthz answers 200", async () => {
    const { url } = await start();
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("GET /readyz answers 200 when every check passes", async () => {
    const { url } = await start();
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ready",
      checks: { database: true, chat: true },
    });
  });

  it("GET /readyz answers 503 naming the failing check", async () => {
    const { url } = await start();
    chatConnected = false;
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: "not ready",
      checks: { database: true, chat: false },
    });
  });

  it("GET /readyz answers 503 once the database is closed", async () => {
    const { url } = await start();
    temp.store.close();
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { checks: Record<string, boolean> }).checks).toEqual({
      database: false,
      chat: true,
    });
  });
});
