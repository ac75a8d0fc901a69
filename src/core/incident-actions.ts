import { FirebreakError } from "./firebreak-error.ts";
import type { Actor, Incident, NewIncident, Role } from "./incident.ts";
import { assertTransition, type IncidentStatus, isOpen } from "./lifecycle.ts";
import { formatSeverity, type Severity } from "./severity.ts";
import type { NewTimelineEntry, TimelineEvent } from "./timeline-event.ts";

/**
 * The incident lifecycle as pure functions: each takes the current incident, who acts and when,
 * and returns the next incident with the timeline events that record the change. Persisting and
 * telling people is the caller's job.
 */
export interface Outcome<T = Incident> {
  readonly incident: T;
  readonly entries: readonly NewTimelineEntry[];
}

function outcome<T>(incident: T, actor: Actor, at: string, ...events: TimelineEvent[]): Outcome<T> {
  return { incident, entries: events.map((event) => ({ event, occurredAt: at, actor })) };
}

export interface DeclareInput {
  readonly title: string;
  readonly severity: Severity;
  readonly service?: string | null;
  readonly private?: boolean;
  readonly groupKey?: string | null;
  readonly route?: string | null;
  /** Open in triage, for a human to accept, rather than straight into investigation. */
  readonly triage?: boolean;
  readonly trigger: "chat" | "alert";
}

export function declareIncident(
  input: DeclareInput,
  actor: Actor,
  at: string,
): Outcome<NewIncident> {
  const title = input.title.trim();
  if (title === "") {
    throw new FirebreakError("missing_title", "An incident needs a title.");
  }
  const incident: NewIncident = {
    title,
    severity: input.severity,
    status: input.triage ? "triage" : "investigating",
    private: input.private ?? false,
    service: input.service ?? null,
    groupKey: input.groupKey ?? null,
    route: input.route ?? null,
    roles: {},
    declaredBy: input.trigger === "chat" ? actor.id : null,
    openedAt: at,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    updatedAt: at,
  };
  return outcome(incident, actor, at, {
    kind: "declared",
    title,
    severity: input.severity,
    trigger: input.trigger,
  });
}

function assertActive(incident: Incident, doing: string): void {
  if (!isOpen(incident.status)) {
    throw new FirebreakError(
      "incident_not_open",
      `INC-${incident.number} is ${incident.status}; you cannot ${doing} any more.`,
    );
  }
}

export function acknowledge(incident: Incident, actor: Actor, at: string): Outcome {
  assertActive(incident, "acknowledge it");
  const becameCommander = incident.roles.commander === undefined;
  const next: Incident = {
    ...incident,
    acknowledgedAt: incident.acknowledgedAt ?? at,
    roles: becameCommander ? { ...incident.roles, commander: actor } : incident.roles,
    updatedAt: at,
  };
  return outcome(next, actor, at, {
    kind: "acknowledged",
    becameCommander,
    first: incident.acknowledgedAt === null,
  });
}

export function changeStatus(
  incident: Incident,
  to: IncidentStatus,
  text: string | undefined,
  actor: Actor,
  at: string,
): Outcome {
  assertTransition(incident.status, to);
  const mitigating = to === "monitoring" || to === "resolved";
  const next: Incident = {
    ...incident,
    status: to,
    mitigatedAt: incident.mitigatedAt ?? (mitigating ? at : null),
    resolvedAt: to === "resolved" ? at : isOpen(to) ? null : incident.resolvedAt,
    closedAt: to === "closed" ? at : incident.closedAt,
    updatedAt: at,
  };
  const trimmed = text?.trim();
  const event: TimelineEvent =
    to === "resolved"
      ? { kind: "resolved", from: incident.status, ...(trimmed ? { summary: trimmed } : {}) }
      : { kind: "status", from: incident.status, to, ...(trimmed ? { text: trimmed } : {}) };
  return outcome(next, actor, at, event);
}

export function changeSeverity(
  incident: Incident,
  to: Severity,
  actor: Actor,
  at: string,
): Outcome {
  assertActive(incident, "change its severity");
  if (incident.severity === to) {
    throw new FirebreakError(
      "unchanged",
      `INC-${incident.number} is already ${formatSeverity(to)}.`,
    );
  }
  return outcome({ ...incident, severity: to, updatedAt: at }, actor, at, {
    kind: "severity",
    from: incident.severity,
    to,
  });
}

export function assignRole(
  incident: Incident,
  role: Role,
  user: Actor,
  actor: Actor,
  at: string,
): Outcome {
  // A resolved incident still has work with owners (its postmortem), so roles can change then.
  if (incident.status !== "resolved") assertActive(incident, "assign roles");
  const previous = incident.roles[role];
  if (previous?.id === user.id) {
    throw new FirebreakError("unchanged", `${user.name} is already ${role}.`);
  }
  return outcome(
    { ...incident, roles: { ...incident.roles, [role]: user }, updatedAt: at },
    actor,
    at,
    {
      kind: "role",
      role,
      user: user.id,
      userName: user.name,
      ...(previous === undefined ? {} : { previous: previous.name }),
    },
  );
}

function requireText(text: string, what: string): string {
  const trimmed = text.trim();
  if (trimmed === "") throw new FirebreakError("missing_text", `A ${what} needs some text.`);
  return trimmed;
}

/** Notes are allowed after resolution too: people remember things while writing the postmortem. */
export function addNote(incident: Incident, text: string, actor: Actor, at: string): Outcome {
  return outcome({ ...incident, updatedAt: at }, actor, at, {
    kind: "note",
    text: requireText(text, "note"),
  });
}

/** A status update always says where things stand; impact and the next update time when given. */
export function postUpdate(
  incident: Incident,
  text: string,
  actor: Actor,
  at: string,
  details: { impact?: string | undefined; nextInMinutes?: number | undefined } = {},
): Outcome {
  const impact = details.impact?.trim();
  const next =
    details.nextInMinutes === undefined
      ? undefined
      : new Date(Date.parse(at) + details.nextInMinutes * 60_000).toISOString();
  return outcome({ ...incident, updatedAt: at }, actor, at, {
    kind: "update",
    text: requireText(text, "status update"),
    status: incident.status,
    ...(impact ? { impact } : {}),
    ...(next ? { nextUpdateAt: next } : {}),
  });
}

/** A follow-up action item; allowed after resolution, when most of them are written. */
export function addActionItem(
  incident: Incident,
  item: { text: string; owner?: Actor | undefined; due?: string | undefined },
  actor: Actor,
  at: string,
): Outcome {
  return outcome({ ...incident, updatedAt: at }, actor, at, {
    kind: "action",
    text: requireText(item.text, "action item"),
    ...(item.owner ? { owner: item.owner.id, ownerName: item.owner.name } : {}),
    ...(item.due ? { due: item.due } : {}),
  });
}

function assertTriage(incident: Incident, doing: string): void {
  if (incident.status !== "triage") {
    throw new FirebreakError(
      "not_in_triage",
      `INC-${incident.number} is ${incident.status}, not in triage: there is nothing to ${doing}.`,
    );
  }
}

/** Accepting a triaged incident starts the response; whoever accepts commands if nobody does. */
export function acceptTriage(incident: Incident, actor: Actor, at: string): Outcome {
  assertTriage(incident, "accept");
  const accepted = changeStatus(incident, "investigating", "accepted from triage", actor, at);
  const acked = acknowledge(accepted.incident, actor, at);
  return { incident: acked.incident, entries: [...accepted.entries, ...acked.entries] };
}

export function declineTriage(
  incident: Incident,
  reason: string | undefined,
  actor: Actor,
  at: string,
): Outcome {
  assertTriage(incident, "decline");
  return changeStatus(incident, "declined", reason?.trim() || "declined in triage", actor, at);
}

/** The triaged incident's side of a merge; the store moves its alerts and timeline. */
export function mergeInto(incident: Incident, target: Incident, actor: Actor, at: string): Outcome {
  assertTriage(incident, "merge");
  if (target.number === incident.number) {
    throw new FirebreakError("merge_into_itself", "An incident cannot be merged into itself.");
  }
  if (!isOpen(target.status) || target.status === "triage") {
    throw new FirebreakError(
      "merge_target_not_open",
      `INC-${target.number} is ${target.status}: merge into an incident that is being worked on.`,
    );
  }
  if (incident.private && !target.private) {
    throw new FirebreakError(
      "merge_private_into_public",
      `INC-${incident.number} is private: merge it into another private incident, or its alerts and timeline would be shown to everyone following INC-${target.number}.`,
    );
  }
  // Not everyone in the merged incident's room may see a private target: it is not named there.
  const into = target.private ? "a private incident" : `INC-${target.number}`;
  return changeStatus(incident, "merged", `merged into ${into}`, actor, at);
}
