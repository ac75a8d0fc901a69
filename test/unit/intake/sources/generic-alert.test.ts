import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeZodError, type FieldProblem } from "../../../../src/core/describe-zod-error.ts";
import {
  genericAlertBody,
  normalizeGeneric,
} from "../../../../src/intake/sources/generic-alert.ts";

const RECEIVED_AT = "2026-11-18T09:15:00.000Z";

function problemsOf(input: unknown): FieldProblem[] {
  const parsed = genericAlertBody.safeParse(input);
  if (parsed.success) throw new Error("expected the body to be rejected");
  return describeZodError(parsed.error);
}

function normalize(input: unknown, receivedAt = RECEIVED_AT) {
  return normalizeGeneric(genericAlertBody.parse(input), receivedAt);
}

/** The JSON bodies of the curl examples in the documentation, which must stay valid. */
function documentedBodies(): unknown[] {
  const doc = readFileSync(
    join(import.meta.dirname, "..", "..", "..", "..", "docs", "generic-webhook.md"),
    "utf8",
  );
  return [...doc.matchAll(/ -d '([^']*)'/g)].map((match) => JSON.parse(match[1] ?? ""));
}

describe("generic alert", () => {
  it("normalises one alert with every field", () => {
    expect(
      normalize({
        id: "backup-db-1-nightly",
        status: "firing",
        title: "Nightly backup of db-1 failed",
        description: "pg_dump exited with status 1",
        severity: "warning",
        service: "postgres",
        labels: { host: "db-1", team: "storage" },
        group: "backups",
        startsAt: "2026-11-18T10:12:03.5+01:00",
        url: "https://ci.example.org/runs/42",
        runbook: "https://runbooks.example.org/backup-failed",
      }),
    ).toEqual([
      {
        source: "generic",
        fingerprint: "backup-db-1-nightly",
        status: "firing",
        labels: {
          host: "db-1",
          team: "storage",
          alertname: "Nightly backup of db-1 failed",
          severity: "warning",
          service: "postgres",
        },
        annotations: {
          summary: "Nightly backup of db-1 failed",
          description: "pg_dump exited with status 1",
          runbook_url: "https://runbooks.example.org/backup-failed",
        },
        startsAt: "2026-11-18T09:12:03.5Z",
        endsAt: null,
        generatorUrl: "https://ci.example.org/runs/42",
        groupKey: "generic/backups",
      },
    ]);
  });

  it("fills in the defaults: firing, group = id, times from when it was received", () => {
    expect(normalize({ id: "disk-web-1", title: "Disk almost full" })).toEqual([
      {
        source: "generic",
        fingerprint: "disk-web-1",
        status: "firing",
        labels: { alertname: "Disk almost full" },
        annotations: { summary: "Disk almost full" },
        startsAt: RECEIVED_AT,
        endsAt: null,
        generatorUrl: null,
        groupKey: "generic/disk-web-1",
      },
    ]);
  });

  it("resolves with nothing but the id, ending when it was received", () => {
    const [alert] = normalize({ id: "disk-web-1", status: "resolved" });
    expect(alert).toMatchObject({
      fingerprint: "disk-web-1",
      status: "resolved",
      labels: {},
      annotations: {},
      startsAt: RECEIVED_AT,
      endsAt: RECEIVED_AT,
      groupKey: "generic/disk-web-1",
    });
    const [ended] = normalize({ id: "x", status: "resolved", endsAt: "2026-11-18T09:14:00Z" });
    expect(ended?.endsAt).toBe("2026-11-18T09:14:00Z");
  });

  it("keeps an alertname from labels, and lets severity and service win over labels", () => {
    const [alert] = normalize({
      id: "x",
      title: "Title",
      severity: "critical",
      service: "api",
      labels: { alertname: "ApiDown", severity: "info", service: "web" },
    });
    expect(alert?.labels).toEqual({ alertname: "ApiDown", severity: "critical", service: "api" });
  });

  it("takes a batch, in order, each alert in its own group unless given one", () => {
    const alerts = normalize({
      alerts: [
        { id: "a", title: "A", group: "g" },
        { id: "b", title: "B", group: "g" },
        { id: "c", status: "resolved" },
      ],
    });
    expect(alerts.map((alert) => [alert.fingerprint, alert.status, alert.groupKey])).toEqual([
      ["a", "firing", "generic/g"],
      ["b", "firing", "generic/g"],
      ["c", "resolved", "generic/c"],
    ]);
  });

  it("accepts every body in the documentation's curl examples", () => {
    const bodies = documentedBodies();
    expect(bodies).toHaveLength(3);
    const alerts = bodies.flatMap((body) => normalize(body));
    expect(alerts.map((alert) => [alert.fingerprint, alert.status, alert.groupKey])).toEqual([
      ["backup-db-1-nightly", "firing", "generic/backup-db-1-nightly"],
      ["backup-db-1-nightly", "resolved", "generic/backup-db-1-nightly"],
      ["probe-api-eu", "firing", "generic/api-unreachable"],
      ["probe-api-us", "firing", "generic/api-unreachable"],
    ]);
  });

  it("passes unicode through intact", () => {
    const [alert] = normalize(
      JSON.parse(
        JSON.stringify({
          id: "störung-🔥-1",
          title: "Zürich: Ошибка 🚨",
          description: "運用チーム",
          labels: { équipe: "données" },
        }),
      ),
    );
    expect(alert).toMatchObject({
      fingerprint: "störung-🔥-1",
      labels: { équipe: "données", alertname: "Zürich: Ошибка 🚨" },
      annotations: { summary: "Zürich: Ошибка 🚨", description: "運用チーム" },
    });
  });

  it("ignores unknown fields", () => {
    const [alert] = normalize({ id: "x", title: "T", priority: "P1", tags: ["a"] });
    expect(alert?.labels).toEqual({ alertname: "T" });
  });
});

describe("generic alert errors name the field", () => {
  it("a missing or oversized id", () => {
    expect(problemsOf({ title: "T" })).toEqual([
      { field: "id", problem: "expected a string: the alert's id, the same on every update of it" },
    ]);
    expect(problemsOf({ id: "", title: "T" })[0]?.field).toBe("id");
    expect(problemsOf({ id: "x".repeat(201), title: "T" })[0]?.field).toBe("id");
    expect(normalize({ id: "x".repeat(200), title: "T" })).toHaveLength(1);
  });

  it("a firing alert without a title, alone and in a batch", () => {
    const problem = 'expected a title: it is required while the alert is firing (status "firing")';
    expect(problemsOf({ id: "x" })).toEqual([{ field: "title", problem }]);
    expect(problemsOf({ id: "x", title: "   " })[0]?.field).toBe("title");
    expect(problemsOf({ alerts: [{ id: "a", title: "A" }, { id: "b" }] })).toEqual([
      { field: "alerts[1].title", problem },
    ]);
  });

  it("an unknown status", () => {
    expect(problemsOf({ id: "x", title: "T", status: "ok" }).map((p) => p.field)).toEqual([
      "status",
    ]);
  });

  it("timestamps without a time zone", () => {
    expect(problemsOf({ id: "x", title: "T", startsAt: "2026-11-18T09:12:03" })).toEqual([
      { field: "startsAt", problem: "expected an RFC 3339 timestamp such as 2026-11-18T09:12:03Z" },
    ]);
    expect(problemsOf({ id: "x", status: "resolved", endsAt: "yesterday" })[0]?.field).toBe(
      "endsAt",
    );
  });

  it("links that are not web links", () => {
    for (const bad of ["javascript:alert(1)", "file:///etc/passwd", "runbooks/backup", 42]) {
      expect(
        problemsOf({ id: "x", title: "T", url: bad, runbook: bad }).map((p) => p.field),
      ).toEqual(["url", "runbook"]);
    }
  });

  it("a label value that is not a string, with the label named", () => {
    expect(problemsOf({ id: "x", title: "T", labels: { replicas: 3 } })).toEqual([
      { field: "labels.replicas", problem: expect.any(String) },
    ]);
  });

  it("an empty batch, or alerts that is not a list", () => {
    expect(problemsOf({ alerts: [] })).toEqual([
      { field: "alerts", problem: "expected at least one alert" },
    ]);
    expect(problemsOf({ alerts: { id: "x", title: "T" } })[0]?.field).toBe("alerts");
  });

  it("a body that is not an object", () => {
    for (const bad of [[{ id: "x", title: "T" }], "x", null, 3]) {
      expect(problemsOf(bad)).toEqual([
        {
          field: "(top level)",
          problem: 'expected a JSON object: one alert, or { "alerts": [ ... ] }',
        },
      ]);
    }
  });
});
