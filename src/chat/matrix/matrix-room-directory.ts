import type { RoomEventData, StrippedState } from "./matrix-sync-schema.ts";

interface RoomState {
  readonly names: Map<string, string>;
  pinned: readonly string[] | undefined;
}

/**
 * What the bot knows of each room's state from /sync: members' display names (from their
 * `m.room.member` events) and the pinned events. After a restart only rooms with news show up in
 * /sync, so anything missing here is looked up on demand (see matrix-people.ts).
 */
export function createRoomDirectory() {
  const rooms = new Map<string, RoomState>();
  const room = (roomId: string): RoomState => {
    let state = rooms.get(roomId);
    if (!state) {
      state = { names: new Map(), pinned: undefined };
      rooms.set(roomId, state);
    }
    return state;
  };

  return {
    /** Takes note of a state event (or a stripped one from an invite). */
    apply(roomId: string, event: RoomEventData | StrippedState): void {
      if (event.state_key === undefined) return;
      if (event.type === "m.room.member") {
        const name = event.content.displayname;
        if (typeof name === "string" && name.trim() !== "") {
          room(roomId).names.set(event.state_key, name);
        }
      } else if (event.type === "m.room.pinned_events" && event.state_key === "") {
        room(roomId).pinned = pinnedOf(event.content);
      }
    },
    displayName(roomId: string, userId: string): string | undefined {
      return rooms.get(roomId)?.names.get(userId);
    },
    /** A name from any room, for users who are not members of the room at hand. */
    anyDisplayName(userId: string): string | undefined {
      for (const state of rooms.values()) {
        const name = state.names.get(userId);
        if (name) return name;
      }
      return undefined;
    },
    rememberName(roomId: string, userId: string, name: string): void {
      room(roomId).names.set(userId, name);
    },
    /** The user whose display name this is, when exactly one has it. */
    findByName(name: string): string | undefined {
      const wanted = name.trim().toLowerCase();
      const found = new Set<string>();
      for (const state of rooms.values()) {
        for (const [userId, shown] of state.names) {
          if (shown.toLowerCase() === wanted) found.add(userId);
        }
      }
      return found.size === 1 ? [...found][0] : undefined;
    },
    pinned(roomId: string): readonly string[] | undefined {
      return rooms.get(roomId)?.pinned;
    },
    forget(roomId: string): void {
      rooms.delete(roomId);
    },
  };
}

export type RoomDirectory = ReturnType<typeof createRoomDirectory>;

export function pinnedOf(content: Record<string, unknown> | undefined): string[] {
  const pinned = content?.pinned;
  return Array.isArray(pinned) ? pinned.filter((id): id is string => typeof id === "string") : [];
}
