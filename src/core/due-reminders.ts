import type { Incident } from "./incident.ts";
import { formatIncidentRef } from "./incident-ref.ts";
import { formatDuration } from "./response-metrics.ts";
import type { Severity } from "./severity.ts";
import type { PostmortemRecord } from "./store-ports.ts";
import type { TimelineEntry } from "./timeline-event.ts";

export interface ReminderSettings {
  /** No acknowledgement this long after opening: remind; twice as long: escalate. */
  readonly acknowledgeMinutes: number;
  readonly escalateTo: readonly string[];
  /** How often a status update is due, by severity. */
  readonly updateMinutes: Readonly<Record<Severity, number>>;
  readonly triageMinutes: number;
  /** Days after resolution to start, and to publish, the postmortem. */
  readonly postmortemDays: number;
  readonly publishDays: number;
}

export interface DueReminder {
  /** Unique per incident and occasion: a reminder with a key already sent is not sent again. */
  readonly key: string;
  readonly text: string;
  /** People to invite and mention (escalation). */
  readonly escalateTo: readonly string[];
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The reminders an incident has due now, computed from its state: the event a reminder waits for
 * (an ack, an update, a decision, a published postmortem) makes it disappear by itself, and the
 * keys make each one go out once, across restarts.
 */
export function dueReminders(
  incident: Incident,
  timeline: readonly TimelineEntry[],
  postmortem: PostmortemRecord | undefined,
  now: Date,
  settings: ReminderSettings,
  prefix: string,
): DueReminder[] {
  const ref = formatIncidentRef(incident.number);
  const since = (iso: string) => now.getTime() - Date.parse(iso);
  const due: DueReminder[] = [];

  if (incident.status === "triage") {
    const waited = since(incident.openedAt);
    if (waited >= settings.triageMinutes * MINUTE) {
      due.push({
        key: "triage",
        text: `${ref} has waited in triage for ${formatDuration(waited)}: \`${prefix} accept\`, \`${prefix} decline [reason]\` or \`${prefix} merge INC-N\`.`,
        escalateTo: [],
      });
    }
    return due;
  }

  const open =
    incident.status === "investigating" ||
    incident.status === "identified" ||
    incident.status === "monitoring";
  if (open && !incident.acknowledgedAt) {
    const waited = since(incident.openedAt);
    if (waited >= settings.acknowledgeMinutes * MINUTE) {
      due.push({
        key: "ack",
        text: `${ref} is not acknowledged after ${formatDuration(waited)}. Whoever is on it: \`${prefix} ack\`.`,
        escalateTo: [],
      });
    }
    if (waited >= 2 * settings.acknowledgeMinutes * MINUTE && settings.escalateTo.length > 0) {
      due.push({
        key: "ack-escalate",
        text: `Escalating ${ref}: still nobody on it after ${formatDuration(waited)}. ${settings.escalateTo.join(", ")}, please take a look and \`${prefix} ack\`.`,
        escalateTo: settings.escalateTo,
      });
    }
  }

  if (open) {
    const cadence = settings.updateMinutes[incident.severity] * MINUTE;
    const updates = timeline.filter(
      (entry) => entry.event.kind === "update" && entry.withdrawnAt === null,
    );
    const lastUpdate = updates.at(-1);
    const last = lastUpdate?.occurredAt ?? incident.openedAt;
    // A promised next-update time replaces the cadence for the update that promised it.
    const promised =
      lastUpdate?.event.kind === "update" ? lastUpdate.event.nextUpdateAt : undefined;
    const overdue = promised
      ? now.getTime() >= Date.parse(promised)
        ? 1 + Math.floor((now.getTime() - Date.parse(promised)) / cadence)
        : 0
      : Math.floor(since(last) / cadence);
    if (overdue >= 1) {
      due.push({
        key: `update:${last}:${overdue}`,
        text: `A status update for ${ref} is due (${updates.length === 0 ? "none sent yet" : `the last was ${formatDuration(since(last))} ago`}; every ${formatDuration(cadence)} at this severity): \`${prefix} update <status, impact, next update>\`.`,
        escalateTo: [],
      });
    }
  }

  if ((incident.status === "resolved" || incident.status === "closed") && incident.resolvedAt) {
    const days = since(incident.resolvedAt);
    if (!postmortem && days >= settings.postmortemDays * DAY) {
      due.push({
        key: "postmortem-start",
        text: `${ref} was resolved ${formatDuration(days)} ago and has no postmortem draft yet: \`${prefix} postmortem\`.`,
        escalateTo: [],
      });
    }
    if (postmortem && postmortem.status !== "published" && days >= settings.publishDays * DAY) {
      due.push({
        key: "postmortem-publish",
        text: `${ref}'s postmortem is still ${postmortem.status === "in_review" ? "in review" : "a draft"} ${formatDuration(days)} after the incident: finish it and \`${prefix} postmortem publish\`.`,
        escalateTo: [],
      });
    }
  }
  return due;
}
