import { FirebreakError } from "./firebreak-error.ts";

export const STATUSES = [
  "triage",
  "investigating",
  "identified",
  "monitoring",
  "resolved",
  "closed",
  "declined",
  "merged",
] as const;

export type IncidentStatus = (typeof STATUSES)[number];

/** Statuses a responder sets with `status <name>`; the others follow from other commands. */
export const RESPONSE_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;

/**
 * Every legal move. Work can go back (a hypothesis was wrong, a fix did not hold, a resolved incident
 * flares up again) until the postmortem is published and the incident is closed.
 */
export const TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  triage: ["investigating", "declined", "merged"],
  investigating: ["identified", "monitoring", "resolved"],
  identified: ["investigating", "monitoring", "resolved"],
  monitoring: ["investigating", "identified", "resolved"],
  resolved: ["investigating", "identified", "monitoring", "closed"],
  closed: [],
  declined: [],
  merged: [],
};

export function isStatus(value: string): value is IncidentStatus {
  return (STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Open incidents are the ones people still work on. */
export function isOpen(status: IncidentStatus): boolean {
  return (
    status === "triage" ||
    status === "investigating" ||
    status === "identified" ||
    status === "monitoring"
  );
}

export function assertTransition(from: IncidentStatus, to: IncidentStatus): void {
  if (canTransition(from, to)) return;
  if (from === to) {
    throw new FirebreakError("illegal_transition", `The incident is already ${to}.`);
  }
  const next = TRANSITIONS[from];
  const options =
    next.length === 0
      ? `A ${from} incident cannot change status any more.`
      : `From ${from} it can move to: ${next.join(", ")}.`;
  throw new FirebreakError(
    "illegal_transition",
    `An incident cannot go from ${from} to ${to}. ${options}`,
  );
}
