import { describe, expect, it } from "vitest";
import type { Actor, Incident } from "../../../src/core/incident.ts";
import { formatDuration, responseMetrics } from "../../../src/core/response-metrics.ts";
import type { AlertRef, TimelineEntry, TimelineEvent } from "../../../src/core/timeline-event.ts";
import { makeIncident } from "../../helpers/make-incident.ts";

const ALERTMANAGER: Actor = { id: "alertmanager", name: "Alertmanager" };
const ALICE: Actor = { id: "alice", name: "Alice" };

const OPENED = "2025-03-04T10:00:00Z";
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const ALERT: AlertRef = {
  source: "alertmanager",
  fingerprint: "abc123",
  name: "NovaApiLatencyHigh",
  summary: "p99 latency above 2s",
};

function incident(overrides: Partial<Incident> = {}): Incident {
  return makeIncident({ number: 7, openedAt: OPENED, ...overrides });
}

let nextId = 1;
function entry(
  event: TimelineEvent,
  occurredAt: string,
  actor: Actor = ALERTMANAGER,
): TimelineEntry {
  return {
    id: nextId++,
    incidentNumber: 7,
    event,
    occurredAt,
    actor,
    recordedAt: "2025-03-04T12:00:00Z",
    text: "",
    editedAt: null,
    withdrawnAt: null,
  };
}

const fired = (at: string) => entry({ kind: "alert_fired", alert: ALERT }, at);

describe("responseMetrics", () => {
  it("measures every milestone that was reached", () => {
    const metrics = responseMetrics(
      incident({
        acknowledgedAt: "2025-03-04T10:05:00Z",
        mitigatedAt: "2025-03-04T10:20:00.123Z",
        resolvedAt: "2025-03-04T11:00:00Z",
      }),
      [
        fired("2025-03-04T09:57:00Z"),
        entry({ kind: "acknowledged", becameCommander: true }, "2025-03-04T10:05:00Z", ALICE),
      ],
    );
    expect(metrics).toEqual({
      timeToDetectMs: 3 * MINUTE,
      timeToAcknowledgeMs: 5 * MINUTE,
      timeToMitigateMs: 20 * MINUTE + 123,
      timeToResolveMs: HOUR,
    });
  });

  it("gives null for milestones not reached yet", () => {
    expect(responseMetrics(incident(), [])).toEqual({
      timeToDetectMs: null,
      timeToAcknowledgeMs: null,
      timeToMitigateMs: null,
      timeToResolveMs: null,
    });
    expect(responseMetrics(incident({ acknowledgedAt: "2025-03-04T10:01:00Z" }), [])).toMatchObject(
      { timeToAcknowledgeMs: MINUTE, timeToMitigateMs: null, timeToResolveMs: null },
    );
  });

  it("has no detection time for an incident declared by hand without alerts", () => {
    const timeline = [
      entry(
        { kind: "declared", title: "Nova API slow", severity: 2, trigger: "chat" },
        OPENED,
        ALICE,
      ),
      entry({ kind: "note", text: "users report errors" }, "2025-03-04T09:50:00Z", ALICE),
    ];
    expect(responseMetrics(incident(), timeline).timeToDetectMs).toBeNull();
  });

  it("counts detection from the earliest alert that fired, in time order", () => {
    // As text ".500Z" sorts before "Z", so a text sort would pick the later alert.
    const timeline = [
      fired("2025-03-04T09:58:00.500Z"),
      entry({ kind: "alert_resolved", alert: ALERT }, "2025-03-04T09:40:00Z"),
      fired("2025-03-04T09:58:00Z"),
      fired("2025-03-04T09:59:00Z"),
    ];
    expect(responseMetrics(incident(), timeline).timeToDetectMs).toBe(2 * MINUTE);
  });

  it("ignores resolved alerts when looking for the first alert", () => {
    const timeline = [entry({ kind: "alert_resolved", alert: ALERT }, "2025-03-04T09:00:00Z")];
    expect(responseMetrics(incident(), timeline).timeToDetectMs).toBeNull();
  });

  it("compares times written with different offsets", () => {
    const metrics = responseMetrics(incident({ acknowledgedAt: "2025-03-04T11:02:00+01:00" }), [
      fired("2025-03-04T10:59:00+01:00"),
    ]);
    expect(metrics.timeToDetectMs).toBe(MINUTE);
    expect(metrics.timeToAcknowledgeMs).toBe(2 * MINUTE);
  });

  it("never reports a negative duration", () => {
    // An alert that fired after someone had already declared the incident by hand.
    const metrics = responseMetrics(incident(), [fired("2025-03-04T10:10:00Z")]);
    expect(metrics.timeToDetectMs).toBe(0);
  });
});

describe("formatDuration", () => {
  it("shows seconds under a minute", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(47 * SECOND)).toBe("47s");
    expect(formatDuration(59 * SECOND)).toBe("59s");
  });

  it("rounds to whole seconds", () => {
    expect(formatDuration(1499)).toBe("1s");
    expect(formatDuration(1500)).toBe("2s");
    expect(formatDuration(59_500)).toBe("1m 00s");
  });

  it("shows minutes with zero-padded seconds under an hour", () => {
    expect(formatDuration(MINUTE)).toBe("1m 00s");
    expect(formatDuration(12 * MINUTE + 5 * SECOND)).toBe("12m 05s");
    expect(formatDuration(59 * MINUTE + 59 * SECOND)).toBe("59m 59s");
  });

  it("shows hours with zero-padded minutes under two days", () => {
    expect(formatDuration(HOUR)).toBe("1h 00m");
    expect(formatDuration(3 * HOUR + 2 * MINUTE + 40 * SECOND)).toBe("3h 02m");
    expect(formatDuration(28 * HOUR)).toBe("28h 00m");
    expect(formatDuration(47 * HOUR + 59 * MINUTE)).toBe("47h 59m");
  });

  it("shows days and hours from two days on", () => {
    expect(formatDuration(2 * DAY)).toBe("2d 0h");
    expect(formatDuration(2 * DAY + 4 * HOUR + 30 * MINUTE)).toBe("2d 4h");
    expect(formatDuration(10 * DAY + 23 * HOUR)).toBe("10d 23h");
  });
});
