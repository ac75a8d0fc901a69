import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";

const TOKEN = "wh-grafana-test-0123456789";
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "..", "fixtures", name));

let t: ConsoleApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function post(path: string, body: Buffer | string, headers: Record<string, string> = {}) {
  if (!t) throw new Error("no app");
  const response = await fetch(`${t.address}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("Grafana", () => {
  it("opens an incident with the dashboard and panel links in its summary", async () => {
    t = await startConsoleApp();
    const { status, json } = await post("/webhooks/grafana", fixture("grafana-firing.json"));
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: "stored", received: 1, incidents: ["INC-1"] });
    await t.app.drain();
    const summary = t.lines.join("\n");
    expect(summary).toContain("*INC-1* · SEV3 · investigating — Volume attach error rate above 5%");
    expect(summary).toContain("dashboard: https://grafana.example.org/d/cinder-overview?orgId=1");
  });

  it("accepts a valid HMAC signature instead of the token, and refuses a bad one", async () => {
    t = await startConsoleApp({ config: { webhookToken: TOKEN, grafanaSecret: "s3cret" } });
    const body = fixture("grafana-firing.json");
    const timestamp = String(Math.floor(Date.parse("2026-11-18T09:12:40Z") / 1000));
    const signature = createHmac("sha256", "s3cret").update(`${timestamp}:${body}`).digest("hex");
    const good = await post("/webhooks/grafana", body, {
      "x-grafana-alerting-signature": signature,
      "x-grafana-alerting-timestamp": timestamp,
    });
    expect(good.status).toBe(200);
    const tampered = await post("/webhooks/grafana", Buffer.concat([body, Buffer.from(" ")]), {
      "x-grafana-alerting-signature": signature,
      "x-grafana-alerting-timestamp": timestamp,
    });
    expect(tampered.status).toBe(401);
    expect(tampered.json.message).toMatch(/Grafana signature rejected/);
    // The bearer token alone does not open /webhooks/grafana once a signing secret is set.
    expect(
      (await post("/webhooks/grafana", body, { authorization: `Bearer ${TOKEN}` })).status,
    ).toBe(401);
  });
});

describe("Grafana with a signing secret", () => {
  it("refuses an unsigned request with 401 before reading its body, whatever the body is", async () => {
    t = await startConsoleApp({ config: { webhookToken: TOKEN, grafanaSecret: "s3cret" } });
    for (const [body, contentType] of [
      [`{"x":"${"x".repeat(t.config.bodyLimitBytes)}"}`, "application/json"],
      ["hello", "text/plain"],
      ['{"alerts": [', "application/json"],
    ] as const) {
      const answer = await post("/webhooks/grafana", body, {
        "content-type": contentType,
        authorization: `Bearer ${TOKEN}`,
      });
      expect(answer.status, contentType).toBe(401);
      expect(answer.json).toEqual({
        error: "unauthorized",
        message: "Grafana signature rejected: the signature header is missing.",
      });
    }
    expect(t.app.service.list()).toEqual([]);
  });
});

describe("PagerDuty Events v2", () => {
  it("answers 202 like PagerDuty, and trigger then resolve share the dedup key", async () => {
    t = await startConsoleApp();
    t.clock.set("2026-11-18T20:41:30Z");
    const trigger = await post("/webhooks/pagerduty", fixture("pagerduty-trigger.json"));
    expect(trigger).toEqual({
      status: 202,
      json: {
        status: "success",
        message: "Event processed",
        dedup_key: "keystone-token-errors-eu-de-1",
      },
    });
    expect((await post("/webhooks/pagerduty", fixture("pagerduty-trigger.json"))).status).toBe(202);
    expect(t.app.store.incidents.list()).toHaveLength(1);
    expect(t.app.service.get(1)).toMatchObject({
      title: "Keystone token validation failures above 10/s in eu-de-1",
      severity: 2,
    });
    t.clock.advance(600_000);
    const resolve = await post("/webhooks/pagerduty", fixture("pagerduty-resolve.json"));
    expect(resolve.status).toBe(202);
    const [alert] = t.app.store.alerts.listForIncident(1);
    // The resolve carries only the key: what the trigger said is kept.
    expect(alert).toMatchObject({
      status: "resolved",
      startsAt: "2026-11-18T20:41:17.000Z",
      labels: expect.objectContaining({ component: "keystone" }),
    });
    await t.app.drain();
    expect(t.lines.join("\n")).toContain("Every alert of INC-1 has resolved.");
  });

  it("rejects an event without an action, naming the field", async () => {
    t = await startConsoleApp();
    const { status, json } = await post(
      "/webhooks/pagerduty",
      JSON.stringify({ routing_key: "x".repeat(32) }),
    );
    expect(status).toBe(400);
    expect(json.message).toMatch(/^Not a PagerDuty Events API v2 event: event_action: /);
  });
});

describe("generic webhook", () => {
  it("opens an incident from a one-line curl body and resolves its alert", async () => {
    t = await startConsoleApp();
    const firing = await post(
      "/webhooks/generic",
      JSON.stringify({
        id: "disk-db1",
        title: "Disk 95% full on db1",
        severity: "critical",
        service: "postgres",
      }),
    );
    expect(firing).toMatchObject({ status: 200, json: { incidents: ["INC-1"] } });
    expect(t.app.service.get(1)).toMatchObject({
      title: "Disk 95% full on db1",
      severity: 1,
      service: "postgres",
    });
    await post("/webhooks/generic", JSON.stringify({ id: "disk-db1", status: "resolved" }));
    expect(t.app.store.alerts.listForIncident(1)[0]?.status).toBe("resolved");
  });
});

describe("keys that name an object's prototype", () => {
  /** The fixture with `"key": value,` put first into the object that follows `at`. */
  const withKey = (name: string, at: string, key: string, value: string) => {
    const text = fixture(name).toString("utf8");
    expect(text).toContain(at);
    return text.replace(at, `${at} "${key}": ${value},`);
  };
  const bodies = (key: string, value: string): Record<string, [string, string, string]> => ({
    alertmanager: [
      "/webhooks/alertmanager",
      withKey("alertmanager-firing.json", '"labels": {', key, value),
      "alerts[0].labels",
    ],
    grafana: [
      "/webhooks/grafana",
      withKey("grafana-firing.json", '"labels": {', key, value),
      "alerts[0].labels",
    ],
    pagerduty: [
      "/webhooks/pagerduty",
      withKey("pagerduty-trigger.json", '"custom_details": {', key, value),
      "payload.custom_details",
    ],
    generic: [
      "/webhooks/generic",
      `{"id":"x","title":"Proto","labels":{"${key}":${value},"team":"t"}}`,
      "labels",
    ],
  });

  for (const key of ["__proto__", "constructor", "prototype"]) {
    for (const value of ['"x"', '{"polluted":"yes"}']) {
      it(`refuses ${key}: ${value} with a 400 naming the field, in every source, and stores nothing`, async () => {
        t = await startConsoleApp();
        for (const [source, [path, body, field]] of Object.entries(bodies(key, value))) {
          const { status, json } = await post(path, body);
          expect([source, status]).toEqual([source, 400]);
          expect(json.problems).toEqual([
            {
              field: `${field}.${key}`,
              problem: "a key may not be named __proto__, constructor or prototype",
            },
          ]);
        }
        expect(t.app.store.incidents.list()).toEqual([]);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });
    }
  }
});

describe("authentication", () => {
  it("takes the token as a bearer or as a Basic auth password, as Alertmanager 0.25 can send", async () => {
    t = await startConsoleApp({ config: { webhookToken: TOKEN } });
    const body = fixture("alertmanager-firing.json");
    const basic = `Basic ${Buffer.from(`alertmanager:${TOKEN}`).toString("base64")}`;
    const wrongBasic = `Basic ${Buffer.from("alertmanager:nope").toString("base64")}`;
    expect((await post("/webhooks/alertmanager", body)).status).toBe(401);
    expect((await post("/webhooks/alertmanager", body, { authorization: wrongBasic })).status).toBe(
      401,
    );
    expect(
      (await post("/webhooks/alertmanager", body, { authorization: "Bearer nope" })).status,
    ).toBe(401);
    expect((await post("/webhooks/alertmanager", body, { authorization: basic })).status).toBe(200);
    expect(
      (
        await post("/webhooks/generic", '{"id":"a","title":"b"}', {
          authorization: `Bearer ${TOKEN}`,
        })
      ).status,
    ).toBe(200);
  });
});

describe("/metrics", () => {
  it("counts alerts by source and status, rejections by reason, incidents, and intake latency", async () => {
    t = await startConsoleApp();
    await post("/webhooks/alertmanager", fixture("alertmanager-firing.json"));
    await post("/webhooks/alertmanager", fixture("alertmanager-resolved.json"));
    await post("/webhooks/alertmanager", "{not json");
    await post("/webhooks/grafana", '{"version":"1"}');
    const text = await (await fetch(`${t.address}/metrics`)).text();
    expect(text).toContain(
      'firebreak_alerts_received_total{source="alertmanager",status="firing"} 2',
    );
    expect(text).toContain(
      'firebreak_alerts_received_total{source="alertmanager",status="resolved"} 2',
    );
    expect(text).toContain(
      'firebreak_webhook_rejected_total{source="alertmanager",reason="invalid_json"} 1',
    );
    expect(text).toContain(
      'firebreak_webhook_rejected_total{source="grafana",reason="invalid_payload"} 1',
    );
    expect(text).toContain("firebreak_incidents_opened_total 1");
    expect(text).toContain('firebreak_intake_duration_seconds_count{source="alertmanager"} 2');
  });
});

describe("/metrics for the response", () => {
  it("shows open incidents by severity and response-time histograms", async () => {
    t = await startConsoleApp();
    await post("/webhooks/alertmanager", fixture("alertmanager-firing.json"));
    await t.app.drain();
    await t.chat.type("general", "alice", "!inc declare Keystone slow --sev 3");
    let text = await (await fetch(`${t.address}/metrics`)).text();
    expect(text).toContain('firebreak_open_incidents{severity="SEV1"} 1');
    expect(text).toContain('firebreak_open_incidents{severity="SEV3"} 1');
    t.clock.advance(150_000);
    await t.chat.type("inc-1", "alice", "!inc ack");
    await t.chat.type("inc-1", "bob", "!inc ack");
    t.clock.advance(600_000);
    await t.chat.type("inc-1", "alice", "!inc resolve");
    text = await (await fetch(`${t.address}/metrics`)).text();
    expect(text).toContain('firebreak_open_incidents{severity="SEV1"} 0');
    expect(text).toContain("firebreak_time_to_acknowledge_seconds_count 1");
    expect(text).toContain("firebreak_time_to_acknowledge_seconds_sum 150");
    expect(text).toContain("firebreak_time_to_resolve_seconds_sum 750");
  });
});
