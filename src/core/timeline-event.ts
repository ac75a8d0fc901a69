import type { Actor, Role } from "./incident.ts";
import type { IncidentStatus } from "./lifecycle.ts";
import { formatSeverity, type Severity } from "./severity.ts";

export interface AlertRef {
  readonly source: string;
  readonly fingerprint: string;
  readonly name: string;
  readonly summary: string;
}

export type TimelineEvent =
  | { readonly kind: "alert_fired"; readonly alert: AlertRef }
  | { readonly kind: "alert_resolved"; readonly alert: AlertRef }
  | {
      readonly kind: "declared";
      readonly title: string;
      readonly severity: Severity;
      readonly trigger: "chat" | "alert";
    }
  | {
      readonly kind: "acknowledged";
      readonly becameCommander: boolean;
      /** The incident's first acknowledgement, the one time to acknowledge counts to. */
      readonly first?: boolean;
    }
  | {
      readonly kind: "status";
      readonly from: IncidentStatus;
      readonly to: IncidentStatus;
      readonly text?: string;
    }
  | { readonly kind: "severity"; readonly from: Severity; readonly to: Severity }
  | {
      readonly kind: "role";
      readonly role: Role;
      readonly user: string;
      readonly userName: string;
      readonly previous?: string;
    }
  | { readonly kind: "note"; readonly text: string }
  | {
      readonly kind: "update";
      readonly text: string;
      /** The incident's status when the update went out. */
      readonly status?: IncidentStatus;
      readonly impact?: string;
      /** When the next update is promised (UTC ISO). */
      readonly nextUpdateAt?: string;
    }
  | { readonly kind: "resolved"; readonly from: IncidentStatus; readonly summary?: string }
  | {
      /** A runbook command run from chat: who, what, how it ended, what it printed (redacted). */
      readonly kind: "command_run";
      readonly command: string;
      /** `key=value …` as typed, redacted. */
      readonly args: string;
      readonly dryRun: boolean;
      readonly confirmedBy?: string;
      readonly exitCode: number | null;
      readonly httpStatus?: number;
      readonly durationMs: number;
      readonly timedOut: boolean;
      readonly error?: string;
      readonly output: string;
    }
  | {
      /** A follow-up for after the incident. */
      readonly kind: "action";
      readonly text: string;
      readonly owner?: string;
      readonly ownerName?: string;
      /** YYYY-MM-DD */
      readonly due?: string;
    }
  | {
      /** A chat message someone pinned to the timeline; its actor is the message's author. */
      readonly kind: "message";
      readonly text: string;
      readonly platform: string;
      readonly roomId: string;
      readonly messageId: string;
      readonly pinnedBy: string;
    };

export type TimelineKind = TimelineEvent["kind"];

/** A timeline event about to be recorded. */
export interface NewTimelineEntry {
  readonly event: TimelineEvent;
  /** When it happened (UTC ISO-8601, source precision), which may be well before it was recorded. */
  readonly occurredAt: string;
  readonly actor: Actor;
  /** Identifies what outside Firebreak the entry records (a chat message), unique per incident. */
  readonly ref?: string;
}

export interface TimelineEntry extends NewTimelineEntry {
  readonly id: number;
  readonly incidentNumber: number;
  /** When Firebreak stored it. */
  readonly recordedAt: string;
  readonly text: string;
  /** Set when the entry was changed after recording (its earlier text is kept as a revision). */
  readonly editedAt: string | null;
  /** Set when the entry was withdrawn: kept, marked, and left out of postmortems. */
  readonly withdrawnAt: string | null;
}

function withText(head: string, text: string | undefined): string {
  return text ? `${head}: ${text}` : head;
}

/** One line a person can read in a chat room, a terminal or a postmortem. */
export function describeEvent(event: TimelineEvent): string {
  switch (event.kind) {
    case "alert_fired":
      return `Alert firing: ${event.alert.name} — ${event.alert.summary}`;
    case "alert_resolved":
      return `Alert resolved: ${event.alert.name} — ${event.alert.summary}`;
    case "declared":
      return event.trigger === "alert"
        ? `Incident opened from an alert as ${formatSeverity(event.severity)}: ${event.title}`
        : `Incident declared as ${formatSeverity(event.severity)}: ${event.title}`;
    case "acknowledged":
      return event.becameCommander ? "Acknowledged and took the commander role" : "Acknowledged";
    case "status":
      return withText(`Status ${event.from} → ${event.to}`, event.text);
    case "severity":
      return `Severity ${formatSeverity(event.from)} → ${formatSeverity(event.to)}`;
    case "role":
      return event.previous
        ? `${event.role} handed over from ${event.previous} to ${event.userName}`
        : `${event.userName} took the ${event.role} role`;
    case "note":
      return event.text;
    case "update":
      return withText("Status update", event.text);
    case "resolved":
      return withText("Resolved", event.summary);
    case "message":
      return event.text;
    case "command_run": {
      const what = `${event.command}${event.args ? ` ${event.args}` : ""}`;
      if (event.dryRun) return `Dry run of ${what}`;
      const outcome = event.error
        ? event.error
        : event.httpStatus !== undefined
          ? `HTTP ${event.httpStatus}`
          : `exit ${event.exitCode}`;
      return `Ran ${what}: ${outcome} after ${(event.durationMs / 1000).toFixed(1)}s${event.confirmedBy ? ` (confirmed by ${event.confirmedBy})` : ""}`;
    }
    case "action": {
      const details = [
        event.ownerName ? `owner ${event.ownerName}` : "no owner yet",
        ...(event.due ? [`due ${event.due}`] : []),
      ];
      return `Action item: ${event.text} (${details.join(", ")})`;
    }
  }
}
