import { describe, expect, it } from "vitest";
import {
  assertTransition,
  canTransition,
  type IncidentStatus,
  isOpen,
  isStatus,
  RESPONSE_STATUSES,
  STATUSES,
  TRANSITIONS,
} from "../../../src/core/lifecycle.ts";
import { errorFrom } from "../../helpers/error-from.ts";

/**
 * The legal moves written out independently of src/core/lifecycle.ts, so a change to the table there
 * shows up here as a failing test.
 */
const EXPECTED_LEGAL: readonly string[] = [
  "triage -> investigating",
  "triage -> declined",
  "triage -> merged",
  "investigating -> identified",
  "investigating -> monitoring",
  "investigating -> resolved",
  "identified -> investigating",
  "identified -> monitoring",
  "identified -> resolved",
  "monitoring -> investigating",
  "monitoring -> identified",
  "monitoring -> resolved",
  "resolved -> investigating",
  "resolved -> identified",
  "resolved -> monitoring",
  "resolved -> closed",
];

const TERMINAL: readonly IncidentStatus[] = ["closed", "declined", "merged"];

const ALL_PAIRS = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const));
const LEGAL_PAIRS = ALL_PAIRS.filter(([from, to]) => EXPECTED_LEGAL.includes(`${from} -> ${to}`));
const ILLEGAL_PAIRS = ALL_PAIRS.filter(
  ([from, to]) => !EXPECTED_LEGAL.includes(`${from} -> ${to}`),
);

function expectedNext(from: IncidentStatus): string[] {
  return EXPECTED_LEGAL.filter((move) => move.startsWith(`${from} -> `)).map(
    (move) => move.split(" -> ")[1] ?? "",
  );
}

describe("lifecycle statuses", () => {
  it("has the eight statuses of the design, in lifecycle order", () => {
    expect([...STATUSES]).toEqual([
      "triage",
      "investigating",
      "identified",
      "monitoring",
      "resolved",
      "closed",
      "declined",
      "merged",
    ]);
  });

  it("lets responders set only the four working statuses with `status`", () => {
    expect([...RESPONSE_STATUSES]).toEqual([
      "investigating",
      "identified",
      "monitoring",
      "resolved",
    ]);
  });

  it("recognises status names and nothing else", () => {
    for (const status of STATUSES) expect(isStatus(status)).toBe(true);
    for (const bad of ["", "fixed", "Resolved", "open", "triage "]) {
      expect(isStatus(bad)).toBe(false);
    }
  });
});

describe("transition table", () => {
  it("is exactly the expected list of legal moves", () => {
    const actual = STATUSES.flatMap((from) => TRANSITIONS[from].map((to) => `${from} -> ${to}`));
    expect(actual.sort()).toEqual([...EXPECTED_LEGAL].sort());
  });

  it("covers every pair of statuses exactly once between legal and illegal", () => {
    expect(ALL_PAIRS).toHaveLength(STATUSES.length * STATUSES.length);
    expect(LEGAL_PAIRS).toHaveLength(EXPECTED_LEGAL.length);
    expect(LEGAL_PAIRS.length + ILLEGAL_PAIRS.length).toBe(64);
  });

  it("never allows staying in the same status", () => {
    for (const status of STATUSES) expect(canTransition(status, status)).toBe(false);
  });

  it("allows nothing out of closed, declined or merged", () => {
    for (const status of TERMINAL) {
      expect(TRANSITIONS[status]).toEqual([]);
      for (const to of STATUSES) expect(canTransition(status, to)).toBe(false);
    }
  });

  it("only leaves triage by accepting (investigating), declining or merging", () => {
    expect(STATUSES.filter((to) => canTransition("triage", to))).toEqual([
      "investigating",
      "declined",
      "merged",
    ]);
  });

  it("never goes back into triage", () => {
    for (const from of STATUSES) expect(canTransition(from, "triage")).toBe(false);
  });

  it("only closes a resolved incident", () => {
    expect(STATUSES.filter((from) => canTransition(from, "closed"))).toEqual(["resolved"]);
  });
});

describe.each(LEGAL_PAIRS)("legal move %s -> %s", (from, to) => {
  it("is allowed", () => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });
});

describe.each(ILLEGAL_PAIRS)("illegal move %s -> %s", (from, to) => {
  it("is refused with an illegal_transition error that explains why", () => {
    expect(canTransition(from, to)).toBe(false);
    const error = errorFrom(() => assertTransition(from, to));
    expect(error.code).toBe("illegal_transition");
    if (from === to) {
      expect(error.message).toBe(`The incident is already ${to}.`);
      return;
    }
    expect(error.message).toContain(`from ${from} to ${to}`);
    const next = expectedNext(from);
    if (next.length === 0) {
      expect(error.message).toContain(`A ${from} incident cannot change status any more.`);
    } else {
      expect(error.message).toContain(`From ${from} it can move to: ${next.join(", ")}.`);
    }
  });
});

describe("illegal move messages", () => {
  it("names both statuses and the allowed next ones", () => {
    expect(() => assertTransition("triage", "resolved")).toThrow(
      "An incident cannot go from triage to resolved. From triage it can move to: investigating, declined, merged.",
    );
    expect(() => assertTransition("investigating", "closed")).toThrow(
      "An incident cannot go from investigating to closed. From investigating it can move to: identified, monitoring, resolved.",
    );
  });

  it('says "already X" when the status would not change', () => {
    expect(() => assertTransition("monitoring", "monitoring")).toThrow(
      "The incident is already monitoring.",
    );
    expect(() => assertTransition("closed", "closed")).toThrow("The incident is already closed.");
  });

  it("says a closed, declined or merged incident cannot change any more", () => {
    expect(() => assertTransition("closed", "investigating")).toThrow(
      "An incident cannot go from closed to investigating. A closed incident cannot change status any more.",
    );
    expect(() => assertTransition("declined", "investigating")).toThrow(
      "A declined incident cannot change status any more.",
    );
    expect(() => assertTransition("merged", "resolved")).toThrow(
      "A merged incident cannot change status any more.",
    );
  });
});

describe("isOpen", () => {
  it("is true while people still work on the incident", () => {
    for (const status of ["triage", "investigating", "identified", "monitoring"] as const) {
      expect(isOpen(status)).toBe(true);
    }
  });

  it("is false once it is resolved, closed, declined or merged", () => {
    for (const status of ["resolved", "closed", "declined", "merged"] as const) {
      expect(isOpen(status)).toBe(false);
    }
  });

  it("has an answer for every status", () => {
    expect(STATUSES.filter(isOpen)).toEqual([
      "triage",
      "investigating",
      "identified",
      "monitoring",
    ]);
  });
});
