import { describe, expect, it } from "vitest";
import type { Actor, Incident } from "../../../src/core/incident.ts";
import {
  acknowledge,
  addNote,
  assignRole,
  changeSeverity,
  changeStatus,
  declareIncident,
  postUpdate,
} from "../../../src/core/incident-actions.ts";
import { errorFrom } from "../../helpers/error-from.ts";
import { makeIncident } from "../../helpers/make-incident.ts";

const ALICE: Actor = { id: "alice", name: "Alice" };
const BOB: Actor = { id: "@bob:example.org", name: "Bob" };
const CAROL: Actor = { id: "U024BE7LH", name: "Carol" };
const ALERTMANAGER: Actor = { id: "alertmanager", name: "Alertmanager" };

const T0 = "2025-03-04T10:00:00Z";
const T1 = "2025-03-04T10:05:00Z";
const T2 = "2025-03-04T10:20:00.123Z";
const T3 = "2025-03-04T11:00:00Z";
const T4 = "2025-03-05T09:00:00Z";

function incident(overrides: Partial<Incident> = {}): Incident {
  return makeIncident({ service: "nova-api", declaredBy: "alice", openedAt: T0, ...overrides });
}

describe("declareIncident", () => {
  it("opens an investigating incident from chat with a trimmed title", () => {
    const { incident: opened, entries } = declareIncident(
      { title: "  Nova API slow in eu-de-1 \n", severity: 2, trigger: "chat" },
      ALICE,
      T0,
    );
    expect(opened).toEqual({
      title: "Nova API slow in eu-de-1",
      severity: 2,
      status: "investigating",
      private: false,
      service: null,
      groupKey: null,
      route: null,
      roles: {},
      declaredBy: "alice",
      openedAt: T0,
      acknowledgedAt: null,
      mitigatedAt: null,
      resolvedAt: null,
      closedAt: null,
      updatedAt: T0,
    });
    expect(entries).toEqual([
      {
        event: {
          kind: "declared",
          title: "Nova API slow in eu-de-1",
          severity: 2,
          trigger: "chat",
        },
        occurredAt: T0,
        actor: ALICE,
      },
    ]);
  });

  it("keeps service, privacy and group key", () => {
    const { incident: opened } = declareIncident(
      {
        title: "Disk full",
        severity: 1,
        service: "ceph",
        private: true,
        groupKey: "alertname=DiskFull",
        trigger: "chat",
      },
      BOB,
      T1,
    );
    expect(opened).toMatchObject({
      service: "ceph",
      private: true,
      groupKey: "alertname=DiskFull",
      declaredBy: "@bob:example.org",
    });
  });

  it("records no declaring person for an incident opened from an alert", () => {
    const { incident: opened, entries } = declareIncident(
      { title: "HighLatency", severity: 3, trigger: "alert" },
      ALERTMANAGER,
      T0,
    );
    expect(opened.declaredBy).toBeNull();
    expect(entries[0]?.event).toEqual({
      kind: "declared",
      title: "HighLatency",
      severity: 3,
      trigger: "alert",
    });
    expect(entries[0]?.actor).toEqual(ALERTMANAGER);
  });

  it("refuses an empty or blank title", () => {
    for (const title of ["", "   ", "\n\t"]) {
      const error = errorFrom(() =>
        declareIncident({ title, severity: 3, trigger: "chat" }, ALICE, T0),
      );
      expect(error.code).toBe("missing_title");
      expect(error.message).toBe("An incident needs a title.");
    }
  });
});

describe("acknowledge", () => {
  it("makes the first person to acknowledge the commander and records when", () => {
    const { incident: acked, entries } = acknowledge(incident(), BOB, T1);
    expect(acked.roles).toEqual({ commander: BOB });
    expect(acked.acknowledgedAt).toBe(T1);
    expect(acked.updatedAt).toBe(T1);
    expect(acked.status).toBe("investigating");
    expect(entries).toEqual([
      {
        event: { kind: "acknowledged", becameCommander: true, first: true },
        occurredAt: T1,
        actor: BOB,
      },
    ]);
  });

  it("does not let a second person take over the commander role", () => {
    const first = acknowledge(incident(), BOB, T1).incident;
    const { incident: second, entries } = acknowledge(first, CAROL, T2);
    expect(second.roles.commander).toEqual(BOB);
    expect(second.acknowledgedAt).toBe(T1);
    expect(second.updatedAt).toBe(T2);
    expect(entries).toEqual([
      {
        event: { kind: "acknowledged", becameCommander: false, first: false },
        occurredAt: T2,
        actor: CAROL,
      },
    ]);
  });

  it("keeps a commander assigned before anyone acknowledged", () => {
    const before = incident({ roles: { commander: CAROL, comms: ALICE } });
    const { incident: acked, entries } = acknowledge(before, BOB, T1);
    expect(acked.roles).toEqual({ commander: CAROL, comms: ALICE });
    expect(acked.acknowledgedAt).toBe(T1);
    expect(entries[0]?.event).toEqual({
      kind: "acknowledged",
      becameCommander: false,
      first: true,
    });
  });

  it("works in triage", () => {
    const { incident: acked } = acknowledge(incident({ status: "triage" }), BOB, T1);
    expect(acked.roles.commander).toEqual(BOB);
  });

  it("cannot acknowledge an incident that is no longer open", () => {
    const error = errorFrom(() =>
      acknowledge(incident({ status: "resolved", resolvedAt: T2 }), BOB, T3),
    );
    expect(error.code).toBe("incident_not_open");
    expect(error.message).toBe("INC-42 is resolved; you cannot acknowledge it any more.");
    for (const status of ["closed", "declined", "merged"] as const) {
      expect(errorFrom(() => acknowledge(incident({ status }), BOB, T3)).code).toBe(
        "incident_not_open",
      );
    }
  });

  it("does not change the incident it was given", () => {
    const before = incident();
    acknowledge(before, BOB, T1);
    expect(before.roles).toEqual({});
    expect(before.acknowledgedAt).toBeNull();
  });
});

describe("changeStatus", () => {
  it("records a status event with from, to and text", () => {
    const { incident: next, entries } = changeStatus(
      incident(),
      "identified",
      "  stuck rabbitmq consumer ",
      ALICE,
      T1,
    );
    expect(next.status).toBe("identified");
    expect(next.updatedAt).toBe(T1);
    expect(next.mitigatedAt).toBeNull();
    expect(next.resolvedAt).toBeNull();
    expect(entries).toEqual([
      {
        event: {
          kind: "status",
          from: "investigating",
          to: "identified",
          text: "stuck rabbitmq consumer",
        },
        occurredAt: T1,
        actor: ALICE,
      },
    ]);
  });

  it("leaves the text out when there is none or it is blank", () => {
    expect(changeStatus(incident(), "identified", undefined, ALICE, T1).entries[0]?.event).toEqual({
      kind: "status",
      from: "investigating",
      to: "identified",
    });
    expect(changeStatus(incident(), "identified", "   ", ALICE, T1).entries[0]?.event).toEqual({
      kind: "status",
      from: "investigating",
      to: "identified",
    });
  });

  it("sets mitigatedAt when moving to monitoring", () => {
    const { incident: next } = changeStatus(incident(), "monitoring", undefined, ALICE, T1);
    expect(next.mitigatedAt).toBe(T1);
    expect(next.resolvedAt).toBeNull();
  });

  it("keeps the first mitigation time when resolving after monitoring", () => {
    const monitoring = changeStatus(incident(), "monitoring", undefined, ALICE, T1).incident;
    const { incident: resolved } = changeStatus(monitoring, "resolved", undefined, ALICE, T2);
    expect(resolved.mitigatedAt).toBe(T1);
    expect(resolved.resolvedAt).toBe(T2);
  });

  it("sets mitigatedAt on resolve when the incident was never monitored", () => {
    const { incident: resolved } = changeStatus(incident(), "resolved", undefined, ALICE, T2);
    expect(resolved.mitigatedAt).toBe(T2);
    expect(resolved.resolvedAt).toBe(T2);
  });

  it('records a "resolved" event with the summary when resolving', () => {
    const { entries } = changeStatus(
      incident({ status: "monitoring", mitigatedAt: T1 }),
      "resolved",
      " latency normal for 20 minutes ",
      ALICE,
      T2,
    );
    expect(entries).toEqual([
      {
        event: { kind: "resolved", from: "monitoring", summary: "latency normal for 20 minutes" },
        occurredAt: T2,
        actor: ALICE,
      },
    ]);
    expect(changeStatus(incident(), "resolved", undefined, ALICE, T2).entries[0]?.event).toEqual({
      kind: "resolved",
      from: "investigating",
    });
  });

  it("clears resolvedAt when a resolved incident is reopened", () => {
    const resolved = changeStatus(incident(), "resolved", undefined, ALICE, T2).incident;
    const { incident: reopened, entries } = changeStatus(
      resolved,
      "investigating",
      "errors are back",
      BOB,
      T3,
    );
    expect(reopened.status).toBe("investigating");
    expect(reopened.resolvedAt).toBeNull();
    expect(entries[0]?.event).toEqual({
      kind: "status",
      from: "resolved",
      to: "investigating",
      text: "errors are back",
    });
  });

  it("sets closedAt on close and keeps the resolution time", () => {
    const resolved = incident({ status: "resolved", mitigatedAt: T1, resolvedAt: T2 });
    const { incident: closed, entries } = changeStatus(resolved, "closed", undefined, ALICE, T4);
    expect(closed.status).toBe("closed");
    expect(closed.closedAt).toBe(T4);
    expect(closed.resolvedAt).toBe(T2);
    expect(closed.mitigatedAt).toBe(T1);
    expect(entries[0]?.event).toEqual({ kind: "status", from: "resolved", to: "closed" });
  });

  it("declines a triage incident without marking it mitigated or resolved", () => {
    const { incident: declined } = changeStatus(
      incident({ status: "triage" }),
      "declined",
      "flapping alert",
      ALICE,
      T1,
    );
    expect(declined).toMatchObject({
      status: "declined",
      mitigatedAt: null,
      resolvedAt: null,
      closedAt: null,
    });
  });

  it("refuses illegal moves with the lifecycle's message", () => {
    const error = errorFrom(() =>
      changeStatus(incident({ status: "triage" }), "resolved", undefined, ALICE, T1),
    );
    expect(error.code).toBe("illegal_transition");
    expect(error.message).toContain("cannot go from triage to resolved");
    expect(
      errorFrom(() => changeStatus(incident(), "investigating", undefined, ALICE, T1)).message,
    ).toBe("The incident is already investigating.");
    expect(
      errorFrom(() =>
        changeStatus(incident({ status: "closed" }), "resolved", undefined, ALICE, T1),
      ).message,
    ).toContain("A closed incident cannot change status any more.");
  });
});

describe("changeSeverity", () => {
  it("records the old and new severity", () => {
    const { incident: next, entries } = changeSeverity(incident({ severity: 3 }), 1, BOB, T1);
    expect(next.severity).toBe(1);
    expect(next.updatedAt).toBe(T1);
    expect(entries).toEqual([
      { event: { kind: "severity", from: 3, to: 1 }, occurredAt: T1, actor: BOB },
    ]);
  });

  it("refuses the severity the incident already has", () => {
    const error = errorFrom(() => changeSeverity(incident({ severity: 2 }), 2, BOB, T1));
    expect(error.code).toBe("unchanged");
    expect(error.message).toBe("INC-42 is already SEV2.");
  });

  it("refuses once the incident is resolved", () => {
    const error = errorFrom(() => changeSeverity(incident({ status: "resolved" }), 1, BOB, T1));
    expect(error.code).toBe("incident_not_open");
    expect(error.message).toBe("INC-42 is resolved; you cannot change its severity any more.");
  });
});

describe("assignRole", () => {
  it("gives a free role to a user", () => {
    const { incident: next, entries } = assignRole(incident(), "comms", CAROL, ALICE, T1);
    expect(next.roles).toEqual({ comms: CAROL });
    expect(next.updatedAt).toBe(T1);
    expect(entries).toEqual([
      {
        event: { kind: "role", role: "comms", user: "U024BE7LH", userName: "Carol" },
        occurredAt: T1,
        actor: ALICE,
      },
    ]);
  });

  it("records who handed the role over", () => {
    const before = incident({ roles: { commander: BOB, scribe: ALICE } });
    const { incident: next, entries } = assignRole(before, "commander", CAROL, BOB, T2);
    expect(next.roles).toEqual({ commander: CAROL, scribe: ALICE });
    expect(entries[0]?.event).toEqual({
      kind: "role",
      role: "commander",
      user: "U024BE7LH",
      userName: "Carol",
      previous: "Bob",
    });
  });

  it("refuses to give a role to the user who already holds it", () => {
    const error = errorFrom(() =>
      assignRole(incident({ roles: { ops: BOB } }), "ops", BOB, ALICE, T1),
    );
    expect(error.code).toBe("unchanged");
    expect(error.message).toBe("Bob is already ops.");
  });

  it("lets one user hold several roles", () => {
    const { incident: next } = assignRole(
      incident({ roles: { commander: BOB } }),
      "comms",
      BOB,
      ALICE,
      T1,
    );
    expect(next.roles).toEqual({ commander: BOB, comms: BOB });
  });

  it("still hands roles out once resolved (the postmortem has owners), not once closed", () => {
    const { incident: next } = assignRole(
      incident({ status: "resolved" }),
      "commander",
      CAROL,
      ALICE,
      T1,
    );
    expect(next).toMatchObject({ status: "resolved", roles: { commander: CAROL } });
  });

  it("refuses once the incident is closed", () => {
    const error = errorFrom(() =>
      assignRole(incident({ status: "closed" }), "scribe", CAROL, ALICE, T1),
    );
    expect(error.code).toBe("incident_not_open");
    expect(error.message).toBe("INC-42 is closed; you cannot assign roles any more.");
  });
});

describe("addNote and postUpdate", () => {
  it("record trimmed text as a note", () => {
    const { incident: next, entries } = addNote(
      incident(),
      "  nova-conductor at 100% CPU\n",
      BOB,
      T1,
    );
    expect(next).toEqual(incident({ updatedAt: T1 }));
    expect(entries).toEqual([
      { event: { kind: "note", text: "nova-conductor at 100% CPU" }, occurredAt: T1, actor: BOB },
    ]);
  });

  it("record a status update", () => {
    const { entries } = postUpdate(incident(), " Server creation is slow. ", ALICE, T1);
    expect(entries).toEqual([
      {
        event: { kind: "update", text: "Server creation is slow.", status: "investigating" },
        occurredAt: T1,
        actor: ALICE,
      },
    ]);
  });

  it("give a status update its shape: status, impact, next update time", () => {
    const { entries } = postUpdate(incident(), "Token checks slow", ALICE, T1, {
      impact: " logins fail for 30% ",
      nextInMinutes: 30,
    });
    expect(entries[0]?.event).toEqual({
      kind: "update",
      text: "Token checks slow",
      status: "investigating",
      impact: "logins fail for 30%",
      nextUpdateAt: new Date(Date.parse(T1) + 30 * 60_000).toISOString(),
    });
  });

  it("keep inner newlines of multi-line text", () => {
    expect(addNote(incident(), "line one\nline two", BOB, T1).entries[0]?.event).toEqual({
      kind: "note",
      text: "line one\nline two",
    });
  });

  it("refuse empty text", () => {
    const note = errorFrom(() => addNote(incident(), "  ", BOB, T1));
    expect(note.code).toBe("missing_text");
    expect(note.message).toBe("A note needs some text.");
    const update = errorFrom(() => postUpdate(incident(), "", BOB, T1));
    expect(update.code).toBe("missing_text");
    expect(update.message).toBe("A status update needs some text.");
  });

  it("allow notes after the incident is resolved", () => {
    const resolved = incident({ status: "resolved", resolvedAt: T2 });
    const { incident: next, entries } = addNote(resolved, "the cron job also restarted", ALICE, T3);
    expect(next.status).toBe("resolved");
    expect(next.resolvedAt).toBe(T2);
    expect(entries[0]?.event).toEqual({ kind: "note", text: "the cron job also restarted" });
  });
});
