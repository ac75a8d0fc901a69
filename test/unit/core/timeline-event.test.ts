import { describe, expect, it } from "vitest";
import {
  type AlertRef,
  describeEvent,
  type TimelineEvent,
} from "../../../src/core/timeline-event.ts";

const ALERT: AlertRef = {
  source: "alertmanager",
  fingerprint: "abc123",
  name: "NovaApiLatencyHigh",
  summary: "p99 latency above 2s in eu-de-1",
};

describe("describeEvent", () => {
  it("describes alerts firing and resolving", () => {
    expect(describeEvent({ kind: "alert_fired", alert: ALERT })).toBe(
      "Alert firing: NovaApiLatencyHigh — p99 latency above 2s in eu-de-1",
    );
    expect(describeEvent({ kind: "alert_resolved", alert: ALERT })).toBe(
      "Alert resolved: NovaApiLatencyHigh — p99 latency above 2s in eu-de-1",
    );
  });

  it("tells a declared incident from one opened by an alert", () => {
    expect(
      describeEvent({ kind: "declared", title: "Nova API slow", severity: 2, trigger: "chat" }),
    ).toBe("Incident declared as SEV2: Nova API slow");
    expect(
      describeEvent({
        kind: "declared",
        title: "NovaApiLatencyHigh",
        severity: 3,
        trigger: "alert",
      }),
    ).toBe("Incident opened from an alert as SEV3: NovaApiLatencyHigh");
  });

  it("says whether acknowledging made someone commander", () => {
    expect(describeEvent({ kind: "acknowledged", becameCommander: true })).toBe(
      "Acknowledged and took the commander role",
    );
    expect(describeEvent({ kind: "acknowledged", becameCommander: false })).toBe("Acknowledged");
  });

  it("shows status changes with their text when there is some", () => {
    expect(describeEvent({ kind: "status", from: "investigating", to: "identified" })).toBe(
      "Status investigating → identified",
    );
    expect(
      describeEvent({
        kind: "status",
        from: "identified",
        to: "monitoring",
        text: "consumer restarted",
      }),
    ).toBe("Status identified → monitoring: consumer restarted");
    expect(describeEvent({ kind: "status", from: "resolved", to: "closed", text: "" })).toBe(
      "Status resolved → closed",
    );
  });

  it("shows severity changes as SEV levels", () => {
    expect(describeEvent({ kind: "severity", from: 3, to: 1 })).toBe("Severity SEV3 → SEV1");
  });

  it("tells a new role holder from a handover", () => {
    expect(
      describeEvent({ kind: "role", role: "comms", user: "U024BE7LH", userName: "Carol" }),
    ).toBe("Carol took the comms role");
    expect(
      describeEvent({
        kind: "role",
        role: "commander",
        user: "@bob:example.org",
        userName: "Bob",
        previous: "Alice",
      }),
    ).toBe("commander handed over from Alice to Bob");
  });

  it("shows a note as its own text", () => {
    expect(describeEvent({ kind: "note", text: "nova-conductor at 100% CPU" })).toBe(
      "nova-conductor at 100% CPU",
    );
  });

  it("marks status updates", () => {
    expect(describeEvent({ kind: "update", text: "We are investigating." })).toBe(
      "Status update: We are investigating.",
    );
  });

  it("shows a resolution with or without its summary", () => {
    expect(describeEvent({ kind: "resolved", from: "monitoring" })).toBe("Resolved");
    expect(
      describeEvent({ kind: "resolved", from: "monitoring", summary: "latency normal for 20m" }),
    ).toBe("Resolved: latency normal for 20m");
  });

  it("gives one non-empty line for every kind of event", () => {
    const events: TimelineEvent[] = [
      { kind: "alert_fired", alert: ALERT },
      { kind: "alert_resolved", alert: ALERT },
      { kind: "declared", title: "t", severity: 1, trigger: "chat" },
      { kind: "acknowledged", becameCommander: false },
      { kind: "status", from: "investigating", to: "identified" },
      { kind: "severity", from: 1, to: 2 },
      { kind: "role", role: "ops", user: "u", userName: "U" },
      { kind: "note", text: "n" },
      { kind: "update", text: "u" },
      { kind: "resolved", from: "identified" },
    ];
    expect(new Set(events.map((event) => event.kind)).size).toBe(10);
    for (const event of events) {
      const line = describeEvent(event);
      expect(line).not.toBe("");
      expect(line).not.toContain("\n");
      expect(line).not.toContain("undefined");
    }
  });
});
