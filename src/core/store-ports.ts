import type { NormalizedAlert, StoredAlert } from "./alert.ts";
import type { Incident, NewIncident } from "./incident.ts";
import type { OutboxMessage, OutboxMessageKind, QueuedOutboxMessage } from "./outbox-message.ts";
import type { NewTimelineEntry, TimelineEntry, TimelineEvent } from "./timeline-event.ts";

/** The persistence ports the core owns; the SQLite adapter implements them. All calls are synchronous. */
export interface IncidentRepository {
  insert(incident: NewIncident): Incident;
  get(number: number): Incident | undefined;
  save(incident: Incident): void;
  /** Newest first. */
  list(): Incident[];
  findOpenByGroupKey(groupKey: string): Incident | undefined;
  /** The newest incident of the group that resolved at or after `since` (UTC ISO) and is still resolved. */
  findResolvedSince(groupKey: string, since: string): Incident | undefined;
}

export interface TimelineRepository {
  append(
    incidentNumber: number,
    entries: readonly NewTimelineEntry[],
    recordedAt: string,
  ): TimelineEntry[];
  /** In the order things happened, then the order they were recorded; withdrawn ones included. */
  list(incidentNumber: number): TimelineEntry[];
  /**
   * The same entries as `list`, in the same order, read one at a time: a pass over a long
   * timeline (a postmortem of 100,000 entries) that keeps none of them. Until the pass ends (or is
   * broken off), the store takes no other call.
   */
  iterate(incidentNumber: number): Iterable<TimelineEntry>;
  findByRef(incidentNumber: number, ref: string): TimelineEntry | undefined;
  /** Replaces an entry's event, keeping the old version as a revision. */
  revise(id: number, event: TimelineEvent, at: string): void;
  withdraw(id: number, at: string): void;
  /** Undoes a withdrawal (a message pinned again). */
  restore(id: number): void;
  /** Moves every entry of one incident to another (a merge). */
  moveAll(fromIncident: number, toIncident: number): void;
}

/**
 * What storing an alert changed. `unchanged` is a redelivery; `stale` is an older state arriving
 * after a newer one (a firing that was already resolved), which must not undo it.
 */
export type AlertChange = "new" | "resolved" | "refired" | "unchanged" | "stale";

export interface AlertCounts {
  readonly firing: number;
  readonly resolved: number;
}

export interface AlertRepository {
  record(alert: NormalizedAlert, receivedAt: string): { change: AlertChange; alert: StoredAlert };
  attach(alertId: number, incidentNumber: number): void;
  /**
   * Attaches a firing alert to an incident and records its `alert_fired` entry there — occurred
   * at its startsAt, by its source, recorded at `recordedAt` — as `attach` and `timeline.append`
   * would together; the entry is listed by `timeline.list` like any other.
   */
  attachFiring(alert: StoredAlert, incidentNumber: number, recordedAt: string): TimelineEntry;
  listForIncident(incidentNumber: number): StoredAlert[];
  /** How many of the incident's alerts fire and how many resolved, without listing them. */
  countsForIncident(incidentNumber: number): AlertCounts;
  /** The incident's first alerts, in the order they arrived (what a summary draws links from). */
  firstForIncident(incidentNumber: number, limit: number): StoredAlert[];
  /** Moves every alert of one incident to another (a merge). */
  moveAll(fromIncident: number, toIncident: number): void;
}

export interface IncidentRoom {
  readonly platform: string;
  readonly roomId: string;
  readonly incidentNumber: number;
  readonly name: string;
  /** The pinned summary message, edited in place as the incident changes. */
  readonly summaryMessageId: string | null;
}

export interface RoomRepository {
  bind(room: Omit<IncidentRoom, "summaryMessageId">): void;
  setSummaryMessage(platform: string, roomId: string, messageId: string): void;
  findByRoom(platform: string, roomId: string): IncidentRoom | undefined;
  listForIncident(incidentNumber: number): IncidentRoom[];
}

export interface Broadcast {
  readonly incidentNumber: number;
  readonly platform: string;
  readonly roomId: string;
  readonly messageId: string;
}

export interface BroadcastRepository {
  save(broadcast: Broadcast): void;
  listForIncident(incidentNumber: number): Broadcast[];
}

export type PostmortemStatus = "draft" | "in_review" | "published";

export interface PostmortemRecord {
  readonly incidentNumber: number;
  readonly status: PostmortemStatus;
  readonly generated: string;
  readonly updatedAt: string;
  readonly publishedAt: string | null;
}

export interface PostmortemRepository {
  get(incidentNumber: number): PostmortemRecord | undefined;
  save(record: PostmortemRecord): void;
  listPublished(): PostmortemRecord[];
}

export interface ReminderRepository {
  /** Records a reminder as sent; false when it already was. */
  markSent(incidentNumber: number, key: string, at: string): boolean;
}

/** Small per-platform values that must survive restarts, such as a sync position. */
export interface ChatStateRepository {
  get(platform: string, key: string): string | undefined;
  set(platform: string, key: string, value: string, at: string): void;
}

/** Chat operations waiting to be delivered. Times here are wall-clock milliseconds. */
export interface OutboxRepository {
  add(platform: string, message: OutboxMessage, notBefore: number, createdAt: string): void;
  /** A message of this kind for the incident is waiting and not yet being delivered. */
  hasWaiting(platform: string, kind: OutboxMessageKind, incidentNumber: number): boolean;
  /**
   * The message to deliver next: due, not skipped, with an id from `fromId` on, and first in its lane
   * (refreshes never wait for a lane). Messages go before new rooms, new rooms before edits.
   */
  next(now: number, skip: readonly number[], fromId?: number): QueuedOutboxMessage | undefined;
  /** The newest message's id (0 when there is none), to deliver only what comes after it. */
  lastId(): number;
  /** When the earliest waiting message becomes due, if any waits. */
  nextDueAt(): number | undefined;
  markStarted(id: number, at: number): void;
  /** Records a delivered sub-step before moving on, so a retry does not repeat it. */
  markStep(id: number, step: number): void;
  complete(id: number): void;
  retryAt(id: number, notBefore: number, error: string): void;
  fail(id: number, at: string, error: string): void;
  /** Ends the backoff of every message waiting for this platform (it answers again). */
  wake(platform: string, now: number): void;
  /** After a restart nothing is being delivered any more. */
  resetStarted(): void;
  counts(): { waiting: number; failed: number };
  /** Every message still in the outbox, oldest first (for operators). */
  list(): OutboxEntry[];
  /** Puts every given-up message back in line, to be tried at once; returns how many. */
  retryFailed(now: number): number;
}

/** An outbox row as operators see it. */
export interface OutboxEntry {
  readonly id: number;
  readonly platform: string;
  readonly kind: string;
  readonly incidentNumber: number | null;
  readonly attempts: number;
  /** Wall-clock ms of the next try. */
  readonly notBefore: number;
  readonly createdAt: string;
  readonly failedAt: string | null;
  readonly lastError: string | null;
}

export interface Store {
  readonly incidents: IncidentRepository;
  readonly timeline: TimelineRepository;
  readonly alerts: AlertRepository;
  readonly rooms: RoomRepository;
  readonly broadcasts: BroadcastRepository;
  readonly chatState: ChatStateRepository;
  readonly postmortems: PostmortemRepository;
  readonly reminders: ReminderRepository;
  readonly outbox: OutboxRepository;
  /** Runs fn atomically: everything it wrote is committed, or nothing is. */
  transaction<T>(fn: () => T): T;
  /** Whether the database can be read and written now (see healthProblem). */
  isHealthy(): boolean;
  /** Undefined when the database can be read and written; otherwise what is wrong and what to do. */
  healthProblem(): string | undefined;
  close(): void;
}
