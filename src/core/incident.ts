import type { IncidentStatus } from "./lifecycle.ts";
import type { Severity } from "./severity.ts";

export const ROLES = ["commander", "comms", "scribe", "ops"] as const;
export type Role = (typeof ROLES)[number];

/** Who did something: a chat user, or a system such as an alert source or the bot itself. */
export interface Actor {
  /** Platform id (`alice`, `U024BE7LH`, `@alice:example.org`) or a system name. */
  readonly id: string;
  /** What people read. */
  readonly name: string;
}

export interface Incident {
  readonly number: number;
  readonly title: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly private: boolean;
  readonly service: string | null;
  /** Alerts that share this key attach to this incident while it is open. */
  readonly groupKey: string | null;
  /** The route that opened it, whose settings (invite, broadcast, autoResolve) apply. */
  readonly route: string | null;
  /** Who holds each role. */
  readonly roles: Readonly<Partial<Record<Role, Actor>>>;
  readonly declaredBy: string | null;
  /** UTC ISO-8601 timestamps. */
  readonly openedAt: string;
  readonly acknowledgedAt: string | null;
  readonly mitigatedAt: string | null;
  readonly resolvedAt: string | null;
  readonly closedAt: string | null;
  readonly updatedAt: string;
}

/** An incident before the store gives it a number. */
export type NewIncident = Omit<Incident, "number">;
