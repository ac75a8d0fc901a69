import { describe, expect, it } from "vitest";
import type { StoredAlert } from "../../../src/core/alert.ts";
import { checkTimeline } from "../../../src/core/timeline-check.ts";
import type { TimelineEntry, TimelineEvent } from "../../../src/core/timeline-event.ts";
import { makeIncident } from "../../helpers/make-incident.ts";

let id = 0;
const entry = (
  event: TimelineEvent,
  occurredAt: string,
  recordedAt = occurredAt,
): TimelineEntry => ({
  id: ++id,
  incidentNumber: 42,
  event,
  occurredAt,
  recordedAt,
  actor: { id: "alice", name: "alice" },
  text: event.kind,
  editedAt: null,
  withdrawnAt: null,
});

const OPENED = "2026-11-18T09:00:00.000Z";
const NOW = new Date("2026-11-18T12:00:00Z");
const declared = entry({ kind: "declared", title: "t", severity: 2, trigger: "chat" }, OPENED);
const kinds = (...args: Parameters<typeof checkTimeline>) =>
  checkTimeline(...args).map((f) => f.kind);

describe("checkTimeline", () => {
  it("finds nothing in a well-kept timeline", () => {
    const incident = makeIncident({
      openedAt: OPENED,
      acknowledgedAt: "2026-11-18T09:05:00Z",
      status: "resolved",
      resolvedAt: "2026-11-18T09:30:00Z",
    });
    const timeline = [
      declared,
      entry({ kind: "acknowledged", becameCommander: true }, "2026-11-18T09:05:00Z"),
      entry({ kind: "note", text: "n" }, "2026-11-18T09:20:00Z"),
      entry({ kind: "resolved", from: "investigating" }, "2026-11-18T09:30:00Z"),
    ];
    expect(checkTimeline(incident, timeline, [], NOW)).toEqual([]);
  });

  it("notices a missing acknowledgement and a long silence", () => {
    const incident = makeIncident({
      openedAt: OPENED,
      status: "resolved",
      resolvedAt: "2026-11-18T10:30:00Z",
    });
    const timeline = [
      declared,
      entry({ kind: "resolved", from: "investigating" }, "2026-11-18T10:30:00Z"),
    ];
    const findings = checkTimeline(incident, timeline, [], NOW);
    expect(findings.map((f) => f.kind)).toEqual(["no_acknowledgement", "silence"]);
    expect(findings[1]?.message).toBe(
      "Nothing was recorded for 1h 30m between 09:00:00 and 10:30:00: were there steps or decisions to add?",
    );
  });

  it("notices lifecycle events out of order, and times in the future", () => {
    const incident = makeIncident({ openedAt: OPENED, acknowledgedAt: "2026-11-18T09:05:00Z" });
    const timeline = [
      declared,
      entry({ kind: "status", from: "investigating", to: "identified" }, "2026-11-18T09:10:00Z"),
      // Recorded after the status change but dated before the incident opened.
      entry(
        { kind: "acknowledged", becameCommander: true },
        "2026-11-18T08:55:00Z",
        "2026-11-18T09:12:00Z",
      ),
      entry({ kind: "note", text: "n" }, "2026-11-18T13:00:00Z", "2026-11-18T09:15:00Z"),
    ];
    expect(kinds(incident, timeline, [], NOW)).toEqual(["out_of_order", "out_of_order", "future"]);
  });

  it("notices a resolve while alerts still fire, and ignores withdrawn entries", () => {
    const incident = makeIncident({
      openedAt: OPENED,
      acknowledgedAt: OPENED,
      status: "resolved",
      resolvedAt: "2026-11-18T09:10:00Z",
    });
    const firing = { status: "firing" } as StoredAlert;
    const withdrawn = {
      ...entry({ kind: "note", text: "n" }, "2026-11-18T13:00:00Z", OPENED),
      withdrawnAt: OPENED,
    };
    expect(kinds(incident, [declared, withdrawn], [firing], NOW)).toEqual([
      "resolved_while_firing",
    ]);
  });
});
