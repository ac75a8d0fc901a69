import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SourceName, WEBHOOK_SOURCES } from "../../src/intake/webhook-sources.ts";
import { databasePath } from "../../src/store/sqlite/open-database.ts";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";

/**
 * Security review, webhooks: with FIREBREAK_WEBHOOK_TOKEN set, every route made from
 * WEBHOOK_SOURCES refuses a request without the token (401, a message saying what to send,
 * nothing stored) and takes it as a bearer token or as a Basic auth password. The token is checked
 * before the body is read, so a caller without it gets that 401 whatever the body is, and
 * Firebreak neither waits for nor parses a stranger's body.
 */

const TOKEN = "wh-7f3c1e9a2b4d6f80-secret";
const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8");

/** A body each source accepts. A new source without one here fails the first test below. */
const VALID_BODY: Record<SourceName, () => string> = {
  alertmanager: () => fixture("alertmanager-firing.json"),
  grafana: () => fixture("grafana-firing.json"),
  pagerduty: () => fixture("pagerduty-trigger.json"),
  generic: () =>
    JSON.stringify({ id: "security-review", title: "Disk 95% full on db1", severity: "critical" }),
};

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** Credentials that must not open a webhook, each with why. */
const REFUSED: readonly (readonly [string, string | undefined])[] = [
  ["no Authorization header", undefined],
  ["an empty header", ""],
  ["a wrong bearer token", "Bearer not-the-token"],
  ["the token without a scheme", TOKEN],
  ["the token under another scheme", `Token ${TOKEN}`],
  ["the token minus its last character", `Bearer ${TOKEN.slice(0, -1)}`],
  ["the token plus a character", `Bearer ${TOKEN}x`],
  ["the token in another case", `Bearer ${TOKEN.toUpperCase()}`],
  ["Bearer with nothing after it", "Bearer"],
  ["the token followed by more words", `Bearer ${TOKEN} extra`],
  ["the token twice", `Bearer ${TOKEN} ${TOKEN}`],
  ["a wrong Basic password", basic("alertmanager", "wrong-password")],
  ["the token as the Basic user name, not the password", basic(TOKEN, "")],
  ["Basic credentials that are not base64 of user:password", `Basic ${TOKEN}`],
  ["Basic with the token but no colon", `Basic ${Buffer.from(TOKEN).toString("base64")}`],
];

let t: ConsoleApp;

beforeAll(async () => {
  t = await startConsoleApp({ config: { webhookToken: TOKEN, grafanaSecret: undefined } });
});
afterAll(async () => {
  await t.close();
});

function storedAlerts(): number {
  const raw = new Database(databasePath(t.config.dataDir), { readonly: true });
  try {
    return (raw.prepare("select count(*) as n from alerts").get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

async function post(
  path: string,
  body: string,
  authorization: string | undefined,
  contentType = "application/json",
) {
  const headers: Record<string, string> = { "content-type": contentType };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await fetch(`${t.address}${path}`, { method: "POST", headers, body });
  const text = await response.text();
  return {
    status: response.status,
    challenge: response.headers.get("www-authenticate"),
    json: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}

describe("every webhook route requires the token", () => {
  it("has a sample body for every source, so no route is left out of this review", () => {
    const names = WEBHOOK_SOURCES.map((source) => source.name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(VALID_BODY[name], `a body for ${name}`).toBeTypeOf("function");
  });

  for (const source of WEBHOOK_SOURCES) {
    describe(`POST /webhooks/${source.name}`, () => {
      for (const [why, authorization] of REFUSED) {
        it(`refuses ${why}: 401, a clear message, nothing stored`, async () => {
          const alertsBefore = storedAlerts();
          const incidentsBefore = t.app.service.list().length;
          const answer = await post(
            `/webhooks/${source.name}`,
            VALID_BODY[source.name](),
            authorization,
          );
          expect(answer.status).toBe(401);
          expect(answer.challenge).toMatch(/^Bearer realm=/);
          expect(answer.json.error).toBe("unauthorized");
          expect(answer.json.message).toBe(
            "Send Authorization: Bearer <FIREBREAK_WEBHOOK_TOKEN> (or Basic auth with the token as password).",
          );
          // The answer is only that fixed text: nothing of what was sent is echoed.
          expect(Object.keys(answer.json).sort()).toEqual(["error", "message"]);
          expect(storedAlerts()).toBe(alertsBefore);
          expect(t.app.service.list()).toHaveLength(incidentsBefore);
        });
      }

      it("accepts the token as a bearer token, and as a Basic password with any user name", async () => {
        for (const authorization of [
          `Bearer ${TOKEN}`,
          basic("alertmanager", TOKEN),
          basic("", TOKEN),
        ]) {
          const answer = await post(
            `/webhooks/${source.name}`,
            VALID_BODY[source.name](),
            authorization,
          );
          expect(answer.status, authorization).toBeGreaterThanOrEqual(200);
          expect(answer.status, authorization).toBeLessThan(300);
        }
        // The first accepted delivery stored its alerts (the redeliveries changed nothing).
        expect(storedAlerts()).toBeGreaterThan(0);
      });
    });
  }

  it("counts refusals per source in /metrics", async () => {
    const text = await (await fetch(`${t.address}/metrics`)).text();
    for (const source of WEBHOOK_SOURCES) {
      expect(text).toContain(
        `firebreak_webhook_rejected_total{source="${source.name}",reason="unauthorized"} ${REFUSED.length}`,
      );
    }
  });

  it("has no unauthenticated side door: other spellings of the paths store nothing", async () => {
    const before = storedAlerts();
    const body = VALID_BODY.generic();
    for (const path of [
      "/webhooks/generic/",
      "/webhooks/GENERIC",
      "/webhooks//generic",
      "/webhooks/generic/../generic",
      "/webhooks/generic%2F",
      "/webhooks/unknown",
      `/webhooks/generic?token=${TOKEN}`,
      `/webhooks/generic?access_token=${TOKEN}`,
    ]) {
      const answer = await post(path, body, undefined);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
    }
    // A token in the query string is not a credential.
    const inQuery = await post(`/webhooks/generic?token=${TOKEN}`, body, undefined);
    expect(inQuery.status).toBe(401);
    expect(storedAlerts()).toBe(before);
  });
});

describe("the endpoints that stay open", () => {
  it("/healthz and /readyz answer probes without the token, and tell nothing secret", async () => {
    for (const path of ["/healthz", "/readyz"]) {
      const response = await fetch(`${t.address}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.text()).not.toContain(TOKEN);
    }
  });

  it("/metrics is open too (for Prometheus) and holds only counts: no titles, labels or tokens", async () => {
    const title = "Quarterly payroll export stuck for customer ACME-4471";
    const accepted = await post(
      "/webhooks/generic",
      JSON.stringify({
        id: "metrics-probe",
        title,
        severity: "critical",
        service: "payroll-internal-svc",
        labels: { customer: "acme-4471", host: "db-secret-host-9" },
      }),
      `Bearer ${TOKEN}`,
    );
    expect(accepted.status).toBe(200);
    const response = await fetch(`${t.address}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    // It does expose aggregate figures to anyone who can reach the port…
    expect(text).toMatch(/firebreak_alerts_received_total\{source="generic",status="firing"\} \d+/);
    expect(text).toMatch(/firebreak_open_incidents\{severity="SEV1"\} [1-9]/);
    // …but nothing an alert or incident said, and no credentials.
    for (const secret of [
      title,
      "ACME",
      "acme-4471",
      "payroll",
      "db-secret-host-9",
      "metrics-probe",
      TOKEN,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe("the token is checked before the body", () => {
  const UNAUTHORIZED =
    "Send Authorization: Bearer <FIREBREAK_WEBHOOK_TOKEN> (or Basic auth with the token as password).";
  /** Bodies the server refuses once it reads them: [why, body, content type, status with the token]. */
  const BAD_BODIES: readonly (readonly [string, () => string, string, number])[] = [
    [
      "an oversized body",
      () => `{"x":"${"x".repeat(t.config.bodyLimitBytes)}"}`,
      "application/json",
      413,
    ],
    ["a body that is not JSON", () => "hello", "text/plain", 415],
    ["malformed JSON", () => '{"alerts": [', "application/json", 400],
    ["an empty body", () => "", "application/json", 400],
  ];

  for (const source of WEBHOOK_SOURCES) {
    for (const [why, body, contentType, withToken] of BAD_BODIES) {
      it(`POST /webhooks/${source.name} with ${why}: 401 without the token, ${withToken} with it`, async () => {
        const alertsBefore = storedAlerts();
        const refused = await post(`/webhooks/${source.name}`, body(), undefined, contentType);
        expect(refused.status).toBe(401);
        expect(refused.challenge).toMatch(/^Bearer realm=/);
        expect(refused.json).toEqual({ error: "unauthorized", message: UNAUTHORIZED });

        const authorized = await post(
          `/webhooks/${source.name}`,
          body(),
          `Bearer ${TOKEN}`,
          contentType,
        );
        expect(authorized.status).toBe(withToken);
        expect(storedAlerts()).toBe(alertsBefore);
      });
    }
  }

  it("answers 401 without waiting for the body", async () => {
    // Announce a large body, send a little of it, and never finish: the answer comes anyway.
    const url = new URL(`${t.address}/webhooks/alertmanager`);
    const request = httpRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(100 * 1024 * 1024) },
    });
    try {
      const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
        request.on("response", (response) => {
          let body = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            body += chunk;
          });
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        });
        request.on("error", reject);
      });
      request.write('{"version":"4","alerts":[');
      const answer = await answered;
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toEqual({ error: "unauthorized", message: UNAUTHORIZED });
    } finally {
      request.destroy();
    }
  });
});
