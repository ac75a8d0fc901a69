import { describe, expect, it } from "vitest";
import { describeZodError, type FieldProblem } from "../../../../src/core/describe-zod-error.ts";
import {
  normalizePagerDuty,
  pagerDutyEvent,
  parsePagerDutyTimestamp,
} from "../../../../src/intake/sources/pagerduty-event.ts";
import { readFixture } from "../../../helpers/temp-store.ts";

const ROUTING_KEY = "R0UT1NGK3Y0000000000000000000000";
const RECEIVED_AT = "2026-11-18T20:41:19.250Z";
const LATER = "2026-11-18T21:02:00.000Z";

type Event = Record<string, unknown> & { payload: Record<string, unknown> };

/** A mutable copy of a fixture to break in one place. */
function eventOf(name = "pagerduty-trigger.json"): Event {
  return readFixture(name) as Event;
}

function resolveEvent(): Record<string, unknown> {
  return readFixture("pagerduty-resolve.json") as Record<string, unknown>;
}

function problemsOf(input: unknown): FieldProblem[] {
  const parsed = pagerDutyEvent.safeParse(input);
  if (parsed.success) throw new Error("expected the event to be rejected");
  return describeZodError(parsed.error);
}

function intake(input: unknown, receivedAt = RECEIVED_AT) {
  return normalizePagerDuty(pagerDutyEvent.parse(input), receivedAt);
}

describe("PagerDuty event", () => {
  it("normalises the trigger fixture", () => {
    expect(intake(eventOf())).toEqual({
      action: "trigger",
      dedupKey: "keystone-token-errors-eu-de-1",
      alert: {
        source: "pagerduty",
        fingerprint: "keystone-token-errors-eu-de-1",
        status: "firing",
        labels: {
          alertname: "token-validation",
          severity: "error",
          source: "keystone-1.eu-de-1.example.org",
          component: "keystone",
          group: "identity",
          class: "token-validation",
        },
        annotations: {
          summary: "Keystone token validation failures above 10/s in eu-de-1",
          description: '{"failures_per_second":14.2,"region":"eu-de-1"}',
          dashboard_url: "https://grafana.example.org/d/keystone",
        },
        startsAt: "2026-11-18T20:41:17.000Z",
        endsAt: null,
        generatorUrl: "https://health.example.org/",
        groupKey: `pagerduty/${ROUTING_KEY}/keystone-token-errors-eu-de-1`,
      },
    });
  });

  it("maps the resolve fixture onto the same stored alert, with nothing but the keys", () => {
    const trigger = intake(eventOf());
    const resolve = intake(resolveEvent(), LATER);
    expect(resolve).toEqual({
      action: "resolve",
      dedupKey: "keystone-token-errors-eu-de-1",
      alert: {
        source: "pagerduty",
        fingerprint: trigger.alert.fingerprint,
        status: "resolved",
        labels: {},
        annotations: {},
        startsAt: LATER,
        endsAt: LATER,
        generatorUrl: null,
        groupKey: trigger.alert.groupKey,
      },
    });
  });

  it("keeps an acknowledge firing, under the same keys", () => {
    const ack = intake({ ...resolveEvent(), event_action: "acknowledge" });
    expect(ack.action).toBe("acknowledge");
    expect(ack.alert).toMatchObject({
      status: "firing",
      endsAt: null,
      labels: {},
      annotations: {},
      groupKey: intake(eventOf()).alert.groupKey,
    });
  });

  it("derives one dedup key for a retried trigger, and another for a different problem", () => {
    const event = eventOf("pagerduty-trigger-links.json");
    const first = intake(event, RECEIVED_AT);
    const retry = intake(structuredClone(event), LATER);
    expect(first.dedupKey).toMatch(/^[0-9a-f]{32}$/);
    expect(retry.dedupKey).toBe(first.dedupKey);
    expect(retry.alert.fingerprint).toBe(first.dedupKey);
    expect(retry.alert.groupKey).toBe(`pagerduty/${ROUTING_KEY}/${first.dedupKey}`);

    const otherSource = eventOf("pagerduty-trigger-links.json");
    otherSource.payload.source = "proxy-3.eu-de-1.example.org";
    const otherKey = eventOf("pagerduty-trigger-links.json");
    otherKey.routing_key = "R0UT1NGK3Y0000000000000000000001";
    expect(intake(otherSource).dedupKey).not.toBe(first.dedupKey);
    expect(intake(otherKey).dedupKey).not.toBe(first.dedupKey);
  });

  it("puts links under runbook_url and dashboard_url only when their text says so", () => {
    const { alert } = intake(eventOf("pagerduty-trigger-links.json"));
    expect(alert.annotations).toEqual({
      summary: "Swift proxy 5xx ratio above 2% on proxy-2.eu-de-1",
      runbook_url: "https://wiki.example.org/ops/swift-proxy-5xx",
      dashboard_url: "https://grafana.example.org/d/swift",
      link_1: "https://logs.example.org/search?q=swift-proxy",
      link_2: "https://wiki.example.org/ops/swift-proxy-5xx-old",
    });
    expect(alert.generatorUrl).toBe("https://nagios.example.org/");
  });

  it("numbers a second runbook link, and a link whose text names both, as plain links", () => {
    const event = eventOf("pagerduty-trigger-links.json");
    event.links = [
      { href: "https://a.example.org/", text: "runbook" },
      { href: "https://b.example.org/", text: "Runbook (old)" },
      { href: "https://c.example.org/", text: "Dashboard of runbook runs" },
    ];
    expect(intake(event).alert.annotations).toEqual({
      summary: "Swift proxy 5xx ratio above 2% on proxy-2.eu-de-1",
      runbook_url: "https://a.example.org/",
      link_1: "https://b.example.org/",
      link_2: "https://c.example.org/",
    });
  });

  it("names the alert after the summary when there is no class, cut to 80 characters", () => {
    const { alert } = intake(eventOf("pagerduty-trigger-links.json"));
    expect(alert.labels).toEqual({
      alertname: "Swift proxy 5xx ratio above 2% on proxy-2.eu-de-1",
      severity: "critical",
      source: "proxy-2.eu-de-1.example.org",
    });

    const long = eventOf("pagerduty-trigger-links.json");
    long.payload.summary = `${"🔥".repeat(79)}ab${"x".repeat(900)}`;
    const name = intake(long).alert.labels.alertname ?? "";
    expect(Array.from(name)).toHaveLength(80);
    expect(name).toBe(`${"🔥".repeat(79)}a`);
  });

  it("starts the alert when it was received if the payload has no timestamp", () => {
    const { alert } = intake(eventOf("pagerduty-trigger-links.json"));
    expect(alert.startsAt).toBe(RECEIVED_AT);
    expect(alert.annotations).not.toHaveProperty("description");
  });

  it("renders any JSON in custom_details as compact JSON", () => {
    for (const [details, rendered] of [
      ["plain text", '"plain text"'],
      [[1, "two"], '[1,"two"]'],
      [{ nested: { ok: true } }, '{"nested":{"ok":true}}'],
    ] as const) {
      const event = eventOf();
      event.payload.custom_details = details;
      expect(intake(event).alert.annotations.description).toBe(rendered);
    }
  });

  it("passes unicode in the payload through intact", () => {
    const event = eventOf();
    event.payload.summary = "Zürich: Ошибка 🚨 運用";
    event.payload.component = "компонент";
    event.payload.custom_details = { Grüße: "🔥" };
    event.links = [{ href: "https://example.org/ü", text: "Runbook — Störung" }];
    const { alert } = intake(JSON.parse(JSON.stringify(event)));
    expect(alert.annotations).toEqual({
      summary: "Zürich: Ошибка 🚨 運用",
      description: '{"Grüße":"🔥"}',
      runbook_url: "https://example.org/ü",
    });
    expect(alert.labels.component).toBe("компонент");
  });

  it("tolerates unknown fields", () => {
    const event = eventOf();
    event.payload.extra = [1];
    event.something_new = "x";
    const resolve = { ...resolveEvent(), payload: { summary: "ignored" } };
    expect(intake(event).dedupKey).toBe("keystone-token-errors-eu-de-1");
    expect(intake(resolve).alert.labels).toEqual({});
  });
});

describe("PagerDuty timestamps", () => {
  it("accepts offsets with and without a colon and normalises to UTC", () => {
    expect(parsePagerDutyTimestamp("2026-11-18T20:41:17.000+0000")?.iso).toBe(
      "2026-11-18T20:41:17.000Z",
    );
    expect(parsePagerDutyTimestamp("2026-11-18T21:41:17.5+0100")?.iso).toBe(
      "2026-11-18T20:41:17.5Z",
    );
    expect(parsePagerDutyTimestamp("2026-11-18T15:11:17-0530")?.iso).toBe("2026-11-18T20:41:17Z");
    expect(parsePagerDutyTimestamp("2026-11-18T20:41:17+00:00")?.iso).toBe("2026-11-18T20:41:17Z");
    expect(parsePagerDutyTimestamp("2026-11-18T20:41:17.000Z")?.iso).toBe(
      "2026-11-18T20:41:17.000Z",
    );
  });

  it("rejects times without a zone or that are not times", () => {
    for (const bad of ["2026-11-18T20:41:17", "2026-11-18", "20261118", "2026-11-18T20:41:17+00"]) {
      expect(parsePagerDutyTimestamp(bad)).toBeUndefined();
    }
  });
});

describe("PagerDuty event errors name the field", () => {
  it("a routing key of the wrong length", () => {
    expect(problemsOf({ ...eventOf(), routing_key: "short" })).toEqual([
      { field: "routing_key", problem: "expected the 32-character integration key of the service" },
    ]);
  });

  it("an unknown or missing event_action", () => {
    const expected = [
      { field: "event_action", problem: 'expected "trigger", "acknowledge" or "resolve"' },
    ];
    expect(problemsOf({ ...eventOf(), event_action: "snooze" })).toEqual(expected);
    const event = eventOf();
    delete event.event_action;
    expect(problemsOf(event)).toEqual(expected);
  });

  it("a resolve or acknowledge without a dedup key", () => {
    for (const action of ["resolve", "acknowledge"]) {
      expect(problemsOf({ routing_key: ROUTING_KEY, event_action: action })).toEqual([
        {
          field: "dedup_key",
          problem: "expected the dedup_key of the alert (required to acknowledge or resolve)",
        },
      ]);
    }
    expect(
      problemsOf({ routing_key: ROUTING_KEY, event_action: "resolve", dedup_key: "" })[0]?.field,
    ).toBe("dedup_key");
  });

  it("a trigger without a payload", () => {
    const event = eventOf();
    delete (event as Record<string, unknown>).payload;
    expect(problemsOf(event).map((problem) => problem.field)).toEqual(["payload"]);
  });

  it("a summary over 1024 characters, a bad severity and a missing source, all at once", () => {
    const event = eventOf();
    event.payload.summary = "x".repeat(1025);
    event.payload.severity = "fatal";
    delete event.payload.source;
    expect(
      problemsOf(event)
        .map((problem) => problem.field)
        .sort(),
    ).toEqual(["payload.severity", "payload.source", "payload.summary"]);
  });

  it("a timestamp PagerDuty would not send", () => {
    const event = eventOf();
    event.payload.timestamp = "18/11/2026 20:41";
    expect(problemsOf(event)).toEqual([
      {
        field: "payload.timestamp",
        problem:
          "expected an ISO 8601 timestamp with a time zone such as 2026-11-18T20:41:17.000+0000",
      },
    ]);
  });

  it("wrong types in links, images and optional fields", () => {
    const event = eventOf();
    event.links = [{ text: "no href" }, "https://example.org"];
    event.images = [{ alt: "no src" }];
    event.client_url = 7;
    event.payload.class = ["a"];
    expect(
      problemsOf(event)
        .map((problem) => problem.field)
        .sort(),
    ).toEqual(["client_url", "images[0].src", "links[0].href", "links[1]", "payload.class"]);
  });

  it("something that is not an object at all", () => {
    expect(problemsOf([eventOf()])).toEqual([
      { field: "(top level)", problem: "expected a JSON object (a PagerDuty Events API v2 event)" },
    ]);
  });
});
