import { EventType, type MatrixClient, MatrixError } from "matrix-js-sdk";
import { pinnedOf } from "./matrix-room-directory.ts";

type Call = <T>(label: string, fn: () => Promise<T>) => Promise<T>;

/** A room's state event content, or undefined when the room has none of that type. */
async function stateOrNothing(
  call: Call,
  client: MatrixClient,
  roomId: string,
  type: EventType.RoomPinnedEvents | EventType.RoomPowerLevels,
): Promise<Record<string, unknown> | undefined> {
  try {
    return await call(`get ${type}`, () => client.getStateEvent(roomId, type, ""));
  } catch (error) {
    if (error instanceof MatrixError && error.errcode === "M_NOT_FOUND") return undefined;
    throw error;
  }
}

/**
 * Adds a message to the room's `m.room.pinned_events`, read fresh from the server so that pins
 * people made in the meantime are kept.
 */
export async function pinMessage(
  call: Call,
  client: MatrixClient,
  roomId: string,
  eventId: string,
): Promise<void> {
  const pinned = pinnedOf(await stateOrNothing(call, client, roomId, EventType.RoomPinnedEvents));
  if (pinned.includes(eventId)) return;
  await call("pin", () =>
    client.sendStateEvent(roomId, EventType.RoomPinnedEvents, { pinned: [...pinned, eventId] }, ""),
  );
}

/** Raises a user to at least `level` in the room (never lowers anyone: a room admin stays one). */
export async function raisePowerLevel(
  call: Call,
  client: MatrixClient,
  roomId: string,
  userId: string,
  level: number,
): Promise<void> {
  const levels = await stateOrNothing(call, client, roomId, EventType.RoomPowerLevels);
  const users = levels?.users as Record<string, unknown> | undefined;
  const own = users?.[userId];
  const fallback = levels?.users_default;
  const current = typeof own === "number" ? own : typeof fallback === "number" ? fallback : 0;
  if (current >= level) return;
  await call("set power level", () => client.setPowerLevel(roomId, userId, level));
}
