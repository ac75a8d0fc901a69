import { Method } from "matrix-js-sdk";
import type { Log } from "../../core/log.ts";
import { classifyEvent, type MatrixAction } from "./matrix-events.ts";
import type { RoomDirectory } from "./matrix-room-directory.ts";
import type { MatrixSession } from "./matrix-session.ts";
import {
  type JoinedRoomSync,
  messagesResponseSchema,
  parseEvents,
  parseStrippedState,
  type RoomEventData,
  record,
  type SyncResponse,
  text,
} from "./matrix-sync-schema.ts";

/** How far back a gap in a room's timeline is filled after downtime (pages of 100 events). */
const MAX_BACKFILL_PAGES = 10;
const SEEN = 5000;

export interface SyncProcessorDeps {
  readonly session: MatrixSession;
  readonly directory: RoomDirectory;
  readonly dispatch: (action: MatrixAction) => Promise<void>;
  readonly onInvite: (roomId: string, inviter: string) => Promise<void>;
  /** Stores the sync position; called only once everything before it has been handled. */
  readonly savePosition: (nextBatch: string) => void;
  readonly log: Log;
}

/** The bot's own join (not a display name change), before which a room's history is not ours. */
function isJoinOf(userId: string, event: RoomEventData): boolean {
  if (event.type !== "m.room.member" || event.state_key !== userId) return false;
  if (text(event.content, "membership") !== "join") return false;
  const before = record(event.unsigned, "prev_content");
  return !before || text(before, "membership") !== "join";
}

/**
 * Handles /sync answers. State (names, pins) is taken in at once, in order; what people did is
 * handed to the chat handlers in order per room, with rooms independent of each other, so a slow
 * or rate-limited reply in one room never holds up another — nor the next /sync. The position
 * after a batch is stored only when every batch up to it has been handled: a restart resumes
 * there, so nothing is missed and nothing handled is handled again. On the very first sync
 * (no stored position) nothing is handled: history from before the bot started is not a command.
 * In a room the bot has just joined, nothing from before its join is handled either.
 */
export function createSyncProcessor(deps: SyncProcessorDeps) {
  const { session, directory, log } = deps;
  const me = session.userId;
  const rooms = new Map<string, Promise<void>>();
  const seen = new Set<string>();
  let settled: Promise<void> = Promise.resolve();

  const firstTime = (eventId: string) => {
    if (seen.has(eventId)) return false;
    seen.add(eventId);
    if (seen.size > SEEN) seen.delete(seen.values().next().value as string);
    return true;
  };

  function inRoom(roomId: string, tasks: Promise<void>[], job: () => Promise<void>): void {
    const tail = (rooms.get(roomId) ?? Promise.resolve()).then(job).catch((error: unknown) => {
      log.error({ err: error, room: roomId }, "handling a Matrix event failed");
    });
    rooms.set(roomId, tail);
    tasks.push(tail);
  }

  /**
   * After downtime /sync may say `limited`: it skipped events. They are fetched with /messages,
   * back from the gap to the position the bot last saw, and stopping at its own join.
   */
  async function backfill(roomId: string, from: string, to: string): Promise<RoomEventData[]> {
    const collected: RoomEventData[] = [];
    let token = from;
    try {
      for (let page = 0; page < MAX_BACKFILL_PAGES; page++) {
        const raw = await session.client.http.authedRequest<unknown>(
          Method.Get,
          `/rooms/${encodeURIComponent(roomId)}/messages`,
          { from: token, to, dir: "b", limit: "100" },
        );
        const answer = messagesResponseSchema.parse(raw);
        const events = parseEvents(answer.chunk);
        const join = events.findIndex((event) => isJoinOf(me, event));
        collected.push(...(join === -1 ? events : events.slice(0, join + 1)));
        if (join !== -1 || !answer.end || events.length === 0) break;
        token = answer.end;
      }
    } catch (error) {
      log.warn({ err: error, room: roomId }, "could not fetch the events missed while away");
    }
    return collected.reverse();
  }

  async function joinedRoom(
    roomId: string,
    room: JoinedRoomSync,
    since: string | undefined,
    tasks: Promise<void>[],
  ): Promise<void> {
    for (const event of parseEvents(room.state?.events ?? [])) directory.apply(roomId, event);
    let timeline = parseEvents(room.timeline?.events ?? []);
    if (since !== undefined && room.timeline?.limited && room.timeline.prev_batch) {
      const missed = await backfill(roomId, room.timeline.prev_batch, since);
      const present = new Set(timeline.map((event) => event.event_id));
      timeline = [...missed.filter((event) => !present.has(event.event_id)), ...timeline];
    }
    const joinedAt = timeline.findLastIndex((event) => isJoinOf(me, event));
    timeline.forEach((event, index) => {
      const handle = since !== undefined && index > joinedAt && event.sender !== me;
      const action =
        handle && firstTime(event.event_id)
          ? classifyEvent(roomId, event, directory.pinned(roomId))
          : undefined;
      directory.apply(roomId, event);
      if (action) inRoom(roomId, tasks, () => deps.dispatch(action));
    });
  }

  return {
    async process(response: SyncResponse, since: string | undefined): Promise<void> {
      const tasks: Promise<void>[] = [];
      for (const [roomId, invited] of Object.entries(response.rooms?.invite ?? {})) {
        const state = parseStrippedState(invited.invite_state?.events ?? []);
        for (const event of state) directory.apply(roomId, event);
        const invite = state.find(
          (event) =>
            event.type === "m.room.member" &&
            event.state_key === me &&
            text(event.content, "membership") === "invite",
        );
        if (invite) inRoom(roomId, tasks, () => deps.onInvite(roomId, invite.sender));
      }
      for (const [roomId, room] of Object.entries(response.rooms?.join ?? {})) {
        await joinedRoom(roomId, room, since, tasks);
      }
      for (const roomId of Object.keys(response.rooms?.leave ?? {})) directory.forget(roomId);

      const batch = Promise.all(tasks);
      settled = Promise.all([settled, batch]).then(() => {
        try {
          deps.savePosition(response.next_batch);
        } catch (error) {
          log.error({ err: error }, "could not store the Matrix sync position");
        }
      });
      // The first position is stored before anything else happens, so a crash right after the
      // first start cannot make the next start treat history as new.
      if (since === undefined) await settled;
    },
    /** Resolves when everything synced so far has been handled and its position stored. */
    idle: async (): Promise<void> => {
      let current: Promise<void>;
      do {
        current = settled;
        await current;
      } while (current !== settled);
    },
  };
}
