import { randomUUID } from "node:crypto";
import { and, count, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import type { OutboxMessage } from "../../core/outbox-message.ts";
import { laneOf } from "../../core/outbox-message.ts";
import type { OutboxRepository } from "../../core/store-ports.ts";
import { chatOutbox } from "./db-schema.ts";
import type { Db } from "./open-database.ts";

export function sqliteOutboxRepository(db: Db): OutboxRepository {
  const client = db.$client;
  // A message may go when it is due and no earlier message of its lane still waits; refreshes never block.
  // Messages first, then new rooms, then summary edits: a reply to a command in one incident's
  // room does not wait behind a storm's rooms being created. Lanes keep their own order.
  // A message may go when no earlier message of its lane still waits; refreshes never hold a lane up.
  const mayGo = `(o.kind = 'refresh' or not exists (
        select 1 from chat_outbox p
        where p.failed_at is null and p.platform = o.platform and p.lane = o.lane
          and p.kind <> 'refresh' and p.id < o.id))`;
  // Messages first, then new rooms, then summary edits: a reply to a command in one incident's
  // room does not wait behind a storm's rooms being created. Lanes keep their own order.
  const nextStatement = client.prepare<[number, number, string], Row>(`
    select id, token, platform, payload, step, attempts from chat_outbox o
    where o.failed_at is null and o.not_before <= ? and o.id >= ?
      and not exists (select 1 from json_each(?) where value = o.id)
      and ${mayGo}
    order by case o.kind when 'open_room' then 1 when 'refresh' then 2 else 0 end, o.id
    limit 1`);
  const nextDueStatement = client.prepare<[], { at: number | null }>(
    `select min(o.not_before) as at from chat_outbox o where o.failed_at is null and ${mayGo}`,
  );
  const lastIdStatement = client.prepare<[], { seq: number }>(
    "select seq from sqlite_sequence where name = 'chat_outbox'",
  );
  // Every intake commit adds messages and asks for a waiting refresh, and the worker completes
  // each message it delivered: compiled once, without drizzle's mapping.
  const addStatement = client.prepare<
    [string, string, string, number | null, string, string, number, string]
  >(
    `insert into chat_outbox (platform, lane, kind, incident_number, token, payload, not_before,
       created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const waitingStatement = client.prepare<[string, number, string]>(
    `select 1 from chat_outbox
     where kind = ? and incident_number = ? and platform = ? and failed_at is null
       and started_at is null
     limit 1`,
  );
  const completeStatement = client.prepare<[number]>("delete from chat_outbox where id = ?");
  const markStartedStatement = client.prepare<[number, number]>(
    "update chat_outbox set started_at = ?, attempts = attempts + 1 where id = ?",
  );
  return {
    add(platform, message, notBefore, createdAt) {
      addStatement.run(
        platform,
        laneOf(message),
        message.kind,
        "incident" in message ? message.incident : null,
        randomUUID(),
        JSON.stringify(message),
        notBefore,
        createdAt,
      );
    },
    hasWaiting(platform, kind, incidentNumber) {
      return waitingStatement.get(kind, incidentNumber, platform) !== undefined;
    },
    next(now, skip, fromId = 0) {
      const row = nextStatement.get(now, fromId, JSON.stringify(skip));
      if (!row) return undefined;
      return {
        id: row.id,
        token: row.token,
        platform: row.platform,
        message: JSON.parse(row.payload) as OutboxMessage,
        step: row.step,
        attempts: row.attempts,
      };
    },
    lastId() {
      // AUTOINCREMENT's counter: delivered messages are deleted, but their ids are never reused.
      return lastIdStatement.get()?.seq ?? 0;
    },
    nextDueAt() {
      return nextDueStatement.get()?.at ?? undefined;
    },
    markStarted(id, at) {
      markStartedStatement.run(at, id);
    },
    markStep(id, step) {
      db.update(chatOutbox).set({ step }).where(eq(chatOutbox.id, id)).run();
    },
    complete(id) {
      completeStatement.run(id);
    },
    retryAt(id, notBefore, error) {
      db.update(chatOutbox)
        .set({ notBefore, startedAt: null, lastError: error })
        .where(eq(chatOutbox.id, id))
        .run();
    },
    fail(id, at, error) {
      db.update(chatOutbox)
        .set({ failedAt: at, startedAt: null, lastError: error })
        .where(eq(chatOutbox.id, id))
        .run();
    },
    wake(platform, now) {
      db.update(chatOutbox)
        .set({ notBefore: now })
        .where(
          and(
            eq(chatOutbox.platform, platform),
            isNull(chatOutbox.failedAt),
            gt(chatOutbox.attempts, 0),
            gt(chatOutbox.notBefore, now),
          ),
        )
        .run();
    },
    resetStarted() {
      db.update(chatOutbox).set({ startedAt: null }).where(isNotNull(chatOutbox.startedAt)).run();
    },
    list() {
      return db
        .select({
          id: chatOutbox.id,
          platform: chatOutbox.platform,
          kind: chatOutbox.kind,
          incidentNumber: chatOutbox.incidentNumber,
          attempts: chatOutbox.attempts,
          notBefore: chatOutbox.notBefore,
          createdAt: chatOutbox.createdAt,
          failedAt: chatOutbox.failedAt,
          lastError: chatOutbox.lastError,
        })
        .from(chatOutbox)
        .orderBy(chatOutbox.id)
        .all();
    },
    retryFailed(now) {
      return db
        .update(chatOutbox)
        .set({ failedAt: null, attempts: 0, notBefore: now, startedAt: null })
        .where(isNotNull(chatOutbox.failedAt))
        .run().changes;
    },
    counts() {
      const rows = db
        .select({ failed: sql<number>`${chatOutbox.failedAt} is not null`, n: count() })
        .from(chatOutbox)
        .groupBy(sql`${chatOutbox.failedAt} is not null`)
        .all();
      const of = (failed: number) => rows.find((row) => row.failed === failed)?.n ?? 0;
      return { waiting: of(0), failed: of(1) };
    },
  };
}

interface Row {
  id: number;
  token: string;
  platform: string;
  payload: string;
  step: number;
  attempts: number;
}
