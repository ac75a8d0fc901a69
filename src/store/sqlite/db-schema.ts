import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { Actor } from "../../core/incident.ts";

// Times are UTC ISO-8601 text as the source gave them; *_ms columns exist only to order by.

export const incidents = sqliteTable(
  "incidents",
  {
    number: integer("number").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    severity: integer("severity").notNull(),
    status: text("status").notNull(),
    private: integer("private", { mode: "boolean" }).notNull().default(false),
    service: text("service"),
    groupKey: text("group_key"),
    route: text("route"),
    roles: text("roles", { mode: "json" }).$type<Record<string, Actor>>().notNull(),
    declaredBy: text("declared_by"),
    openedAt: text("opened_at").notNull(),
    acknowledgedAt: text("acknowledged_at"),
    mitigatedAt: text("mitigated_at"),
    resolvedAt: text("resolved_at"),
    closedAt: text("closed_at"),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [index("incidents_group_key").on(table.groupKey, table.status)],
);

export const timelineEntries = sqliteTable(
  "timeline_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    incidentNumber: integer("incident_number")
      .notNull()
      .references(() => incidents.number),
    kind: text("kind").notNull(),
    occurredAt: text("occurred_at").notNull(),
    occurredAtMs: integer("occurred_at_ms").notNull(),
    recordedAt: text("recorded_at").notNull(),
    actorId: text("actor_id").notNull(),
    actorName: text("actor_name").notNull(),
    text: text("text").notNull(),
    event: text("event", { mode: "json" }).notNull(),
    /** What it records outside Firebreak (a chat message), so edits and deletions can follow it. */
    ref: text("ref"),
    editedAt: text("edited_at"),
    withdrawnAt: text("withdrawn_at"),
    /** No longer written: the chat outbox (below) carries what chat must be told. */
    announcedAt: text("announced_at"),
  },
  (table) => [
    index("timeline_order").on(table.incidentNumber, table.occurredAtMs, table.id),
    uniqueIndex("timeline_ref").on(table.incidentNumber, table.ref),
  ],
);

/** Earlier versions of edited timeline entries: nothing recorded is ever lost. */
export const timelineRevisions = sqliteTable("timeline_revisions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  entryId: integer("entry_id")
    .notNull()
    .references(() => timelineEntries.id),
  text: text("text").notNull(),
  event: text("event", { mode: "json" }).notNull(),
  replacedAt: text("replaced_at").notNull(),
});

export const alerts = sqliteTable(
  "alerts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    source: text("source").notNull(),
    fingerprint: text("fingerprint").notNull(),
    groupKey: text("group_key").notNull(),
    status: text("status").notNull(),
    labels: text("labels", { mode: "json" }).$type<Record<string, string>>().notNull(),
    annotations: text("annotations", { mode: "json" }).$type<Record<string, string>>().notNull(),
    startsAt: text("starts_at").notNull(),
    endsAt: text("ends_at"),
    generatorUrl: text("generator_url"),
    incidentNumber: integer("incident_number").references(() => incidents.number),
    receivedAt: text("received_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    /**
     * The id of this alert's `alert_fired` timeline entry when the row itself is that entry: it
     * fired on `incident_number` at `starts_at`, recorded at `received_at`, worded from its labels.
     * Ids come from timeline_entries' own sequence, so the timeline merges both in order. Before
     * any of that changes, the entry is written to timeline_entries (with this id) and this is
     * cleared. Null: the alert's entries, if any, are all in timeline_entries.
     */
    firedSeq: integer("fired_seq"),
  },
  (table) => [
    uniqueIndex("alerts_identity").on(table.source, table.groupKey, table.fingerprint),
    index("alerts_incident").on(table.incidentNumber),
  ],
);

export const incidentRooms = sqliteTable(
  "incident_rooms",
  {
    platform: text("platform").notNull(),
    roomId: text("room_id").notNull(),
    incidentNumber: integer("incident_number")
      .notNull()
      .references(() => incidents.number),
    name: text("name").notNull(),
    summaryMessageId: text("summary_message_id"),
  },
  (table) => [
    primaryKey({ columns: [table.platform, table.roomId] }),
    index("incident_rooms_incident").on(table.incidentNumber),
  ],
);

/** The one message per incident in a route's broadcast room, kept current by editing it. */
export const broadcasts = sqliteTable(
  "broadcasts",
  {
    incidentNumber: integer("incident_number")
      .notNull()
      .references(() => incidents.number),
    platform: text("platform").notNull(),
    roomId: text("room_id").notNull(),
    messageId: text("message_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.incidentNumber, table.platform, table.roomId] })],
);

/** Small per-platform state that must survive restarts (a Matrix sync token, a Slack cursor). */
export const chatState = sqliteTable(
  "chat_state",
  {
    platform: text("platform").notNull(),
    key: text("key").notNull(),
    value: text("value").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.platform, table.key] })],
);

/** The postmortem of an incident: where its review stands, and what Firebreak last generated. */
export const postmortems = sqliteTable("postmortems", {
  incidentNumber: integer("incident_number")
    .primaryKey()
    .references(() => incidents.number),
  status: text("status").notNull(),
  /** The draft as generated, to tell which sections people have since edited. */
  generated: text("generated").notNull(),
  updatedAt: text("updated_at").notNull(),
  publishedAt: text("published_at"),
});

/** Reminders already sent, so a restart neither repeats nor forgets them. */
export const remindersSent = sqliteTable(
  "reminders_sent",
  {
    incidentNumber: integer("incident_number")
      .notNull()
      .references(() => incidents.number),
    key: text("key").notNull(),
    sentAt: text("sent_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.incidentNumber, table.key] })],
);

/**
 * Chat operations waiting to be delivered (the outbox): written in the same transaction as the
 * change that caused them, deleted once delivered, kept with `failed_at` when the platform
 * refused them for good. Messages of one lane (an incident, or a fixed room) go out in id order.
 */
export const chatOutbox = sqliteTable(
  "chat_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    platform: text("platform").notNull(),
    lane: text("lane").notNull(),
    kind: text("kind").notNull(),
    incidentNumber: integer("incident_number"),
    /** Random, so idempotency keys made from it never repeat across databases. */
    token: text("token").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Sub-steps already delivered (a message posting to two rooms that crashed after the first). */
    step: integer("step").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    /** Wall-clock ms: not before then (a coalescing delay, or the backoff after a failure). */
    notBefore: integer("not_before").notNull(),
    startedAt: integer("started_at"),
    createdAt: text("created_at").notNull(),
    failedAt: text("failed_at"),
    lastError: text("last_error"),
  },
  (table) => [
    index("chat_outbox_lane").on(table.failedAt, table.platform, table.lane, table.id),
    index("chat_outbox_kind").on(table.kind, table.incidentNumber),
  ],
);
