import { describe, expect, it } from "vitest";
import { describeZodError, type FieldProblem } from "../../../../src/core/describe-zod-error.ts";
import {
  alertmanagerPayload,
  normalizeAlertmanager,
} from "../../../../src/intake/sources/alertmanager-payload.ts";
import { readFixture } from "../../../helpers/temp-store.ts";

const GROUP_KEY =
  '{}/{severity=~"critical|warning"}:{alertname="NovaApiHighLatency", region="eu-de-1"}';

/** A mutable copy of the firing fixture to break in one place. */
function firingPayload(): { alerts: Record<string, unknown>[] } & Record<string, unknown> {
  return readFixture("alertmanager-firing.json") as {
    alerts: Record<string, unknown>[];
  } & Record<string, unknown>;
}

function firstAlert(payload: { alerts: Record<string, unknown>[] }): Record<string, unknown> {
  const alert = payload.alerts[0];
  if (!alert) throw new Error("fixture has no alerts");
  return alert;
}

function problemsOf(input: unknown): FieldProblem[] {
  const parsed = alertmanagerPayload.safeParse(input);
  if (parsed.success) throw new Error("expected the payload to be rejected");
  return describeZodError(parsed.error);
}

function parseAndNormalize(input: unknown) {
  return normalizeAlertmanager(alertmanagerPayload.parse(input));
}

describe("Alertmanager payload", () => {
  it("normalises the firing fixture: zero endsAt becomes null, group key on every alert", () => {
    const alerts = parseAndNormalize(readFixture("alertmanager-firing.json"));
    expect(alerts).toHaveLength(2);
    const [first, second] = alerts;
    expect(first).toEqual({
      source: "alertmanager",
      fingerprint: "8f1e3b2a9c4d5e6f",
      status: "firing",
      labels: {
        alertname: "NovaApiHighLatency",
        instance: "ctl-1:8774",
        region: "eu-de-1",
        service: "nova-api",
        severity: "critical",
        team: "compute",
      },
      annotations: {
        summary: "Nova API p99 latency above 2s",
        description: "p99 latency is 3.4s on ctl-1 (threshold 2s) for 5m",
        runbook_url: "https://runbooks.example.org/nova-api-latency",
      },
      startsAt: "2026-11-18T09:12:03.123Z",
      endsAt: null,
      generatorUrl:
        "http://prometheus.example.org:9090/graph?g0.expr=histogram_quantile%280.99%2C+sum+by+%28le%29+%28rate%28nova_api_request_duration_seconds_bucket%5B5m%5D%29%29%29+%3E+2",
      groupKey: GROUP_KEY,
    });
    expect(second).toMatchObject({
      fingerprint: "1a2b3c4d5e6f7a8b",
      status: "firing",
      startsAt: "2026-11-18T09:12:33.456Z",
      endsAt: null,
      generatorUrl: "http://prometheus.example.org:9090/graph?g0.expr=histogram_quantile%280.99%29",
      groupKey: GROUP_KEY,
    });
  });

  it("normalises the resolved fixture, keeping each alert's endsAt", () => {
    const alerts = parseAndNormalize(readFixture("alertmanager-resolved.json"));
    expect(
      alerts.map((alert) => [alert.fingerprint, alert.status, alert.endsAt, alert.groupKey]),
    ).toEqual([
      ["8f1e3b2a9c4d5e6f", "resolved", "2026-11-18T09:58:41.002Z", GROUP_KEY],
      ["1a2b3c4d5e6f7a8b", "resolved", "2026-11-18T09:57:10.310Z", GROUP_KEY],
    ]);
    expect(alerts[0]?.startsAt).toBe("2026-11-18T09:12:03.123Z");
  });

  it("uses the source name it is given", () => {
    const alerts = normalizeAlertmanager(
      alertmanagerPayload.parse(readFixture("alertmanager-firing.json")),
      "alertmanager-eu",
    );
    expect(alerts.map((alert) => alert.source)).toEqual(["alertmanager-eu", "alertmanager-eu"]);
  });

  it("treats a missing endsAt, annotations or generatorURL as absent", () => {
    const payload = firingPayload();
    const alert = firstAlert(payload);
    delete alert.endsAt;
    delete alert.annotations;
    delete alert.generatorURL;
    const [normalized] = parseAndNormalize(payload);
    expect(normalized).toMatchObject({ endsAt: null, annotations: {}, generatorUrl: null });
  });

  it("keeps sub-millisecond precision and converts offsets to UTC", () => {
    const payload = firingPayload();
    const alert = firstAlert(payload);
    alert.startsAt = "2026-11-18T09:12:03.123456789Z";
    alert.endsAt = "2026-11-18T10:58:41.5+01:00";
    alert.status = "resolved";
    const [normalized] = parseAndNormalize(payload);
    expect(normalized?.startsAt).toBe("2026-11-18T09:12:03.123456789Z");
    expect(normalized?.endsAt).toBe("2026-11-18T09:58:41.5Z");
  });

  it("passes unicode in labels and annotations through intact", () => {
    const payload = firingPayload();
    const alert = firstAlert(payload);
    alert.labels = { alertname: "Zürich-Latenz", team: "運用チーム", emoji: "🔥 hot" };
    alert.annotations = { summary: "Ünïcödé — p99 > 2s 🚨", description: "Ошибка в сервисе" };
    const [normalized] = parseAndNormalize(JSON.parse(JSON.stringify(payload)));
    expect(normalized?.labels).toEqual({
      alertname: "Zürich-Latenz",
      team: "運用チーム",
      emoji: "🔥 hot",
    });
    expect(normalized?.annotations).toEqual({
      summary: "Ünïcödé — p99 > 2s 🚨",
      description: "Ошибка в сервисе",
    });
  });
});

describe("Alertmanager payload errors name the field", () => {
  it("a missing fingerprint", () => {
    const payload = firingPayload();
    delete firstAlert(payload).fingerprint;
    expect(problemsOf(payload)).toEqual([
      { field: "alerts[0].fingerprint", problem: expect.any(String) },
    ]);
  });

  it("a fingerprint missing from the second alert", () => {
    const payload = firingPayload();
    const second = payload.alerts[1];
    if (second) second.fingerprint = "";
    expect(problemsOf(payload).map((problem) => problem.field)).toEqual(["alerts[1].fingerprint"]);
  });

  it("another webhook version", () => {
    const problems = problemsOf({ ...firingPayload(), version: "3" });
    expect(problems).toEqual([
      { field: "version", problem: 'expected "4" (Alertmanager webhook version 4)' },
    ]);
  });

  it("no alerts at all", () => {
    expect(problemsOf({ ...firingPayload(), alerts: [] })).toEqual([
      { field: "alerts", problem: "expected at least one alert" },
    ]);
    expect(problemsOf({ ...firingPayload(), alerts: undefined })[0]?.field).toBe("alerts");
  });

  it("a startsAt that is not a timestamp", () => {
    for (const bad of ["yesterday", "", "2026-13-45T09:12:03Z"]) {
      const payload = firingPayload();
      firstAlert(payload).startsAt = bad;
      expect(problemsOf(payload)).toEqual([
        {
          field: "alerts[0].startsAt",
          problem: "expected an RFC 3339 timestamp such as 2026-11-18T09:12:03Z",
        },
      ]);
    }
  });

  it("a startsAt without a time zone, or not RFC 3339 at all", () => {
    // Read as server-local time these would shift with the host's time zone.
    for (const bad of ["2026-11-18T09:12:03", "2026-11-18", "Nov 18 2026 09:12", "1"]) {
      const payload = firingPayload();
      firstAlert(payload).startsAt = bad;
      expect(problemsOf(payload).map((problem) => problem.field)).toEqual(["alerts[0].startsAt"]);
    }
  });

  it("a bad endsAt, a bad status and a non-string label, all at once", () => {
    const payload = firingPayload();
    const alert = firstAlert(payload);
    alert.endsAt = "soon";
    alert.status = "pending";
    alert.labels = { alertname: "X", replicas: 3 };
    expect(
      problemsOf(payload)
        .map((problem) => problem.field)
        .sort(),
    ).toEqual(["alerts[0].endsAt", "alerts[0].labels.replicas", "alerts[0].status"]);
  });

  it("something that is not an object at all", () => {
    const problems = problemsOf(["not", "a", "payload"]);
    expect(problems).toEqual([{ field: "(top level)", problem: expect.any(String) }]);
  });

  it("a missing groupKey", () => {
    const payload = firingPayload();
    delete payload.groupKey;
    expect(problemsOf(payload).map((problem) => problem.field)).toEqual(["groupKey"]);
  });
});
