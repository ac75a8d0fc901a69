import type { MatrixClient } from "matrix-js-sdk";
import type { Actor } from "../../core/incident.ts";
import type { Log } from "../../core/log.ts";
import { isUserId, localpartOf, toUserId } from "./matrix-ids.ts";
import type { RoomDirectory } from "./matrix-room-directory.ts";

/**
 * Matrix IDs to the names people read. A room's member event is the source (people may have a
 * different name per room); rooms the bot has not seen since it started are asked directly, then
 * the global profile, then the ID's localpart as a last resort.
 */
export function createPeople(deps: {
  client: MatrixClient;
  directory: RoomDirectory;
  serverName: string;
  log: Log;
}) {
  const { client, directory } = deps;
  const profiles = new Map<string, string>();
  /** A name already known, without asking the server (for pills in outgoing text). */
  const knownName = (userId: string): string | undefined =>
    directory.anyDisplayName(userId) ?? profiles.get(userId);

  async function lookUp(roomId: string | undefined, userId: string): Promise<string | undefined> {
    if (roomId) {
      try {
        const member = await client.getStateEvent(roomId, "m.room.member", userId);
        if (typeof member.displayname === "string" && member.displayname !== "") {
          return member.displayname;
        }
      } catch {
        // Not a member, or the bot cannot see the room's state: try the profile.
      }
    }
    try {
      const profile = await client.getProfileInfo(userId);
      if (profile.displayname) return profile.displayname;
    } catch (error) {
      deps.log.debug({ err: error, user: userId }, "matrix profile lookup failed");
    }
    return undefined;
  }

  async function nameOf(roomId: string | undefined, userId: string): Promise<string> {
    const inRoom = roomId ? directory.displayName(roomId, userId) : undefined;
    if (inRoom) return inRoom;
    const known = roomId ? undefined : knownName(userId);
    if (known) return known;
    const found = await lookUp(roomId, userId);
    if (found) {
      if (roomId) directory.rememberName(roomId, userId, found);
      else profiles.set(userId, found);
      return found;
    }
    return knownName(userId) ?? localpartOf(userId);
  }

  return {
    actor: async (roomId: string | undefined, userId: string): Promise<Actor> => ({
      id: userId,
      name: await nameOf(roomId, userId),
    }),
    knownName,
    /** What someone typed for a person (`@bob:example.org`, `@bob`, `bob`, `Bob Smith`). */
    async resolve(reference: string): Promise<Actor> {
      const trimmed = reference.trim();
      const byName = isUserId(trimmed)
        ? undefined
        : directory.findByName(trimmed.replace(/^@/, ""));
      const userId = byName ?? toUserId(trimmed, deps.serverName);
      if (!userId) return { id: trimmed, name: trimmed };
      return { id: userId, name: await nameOf(undefined, userId) };
    },
  };
}

export type People = ReturnType<typeof createPeople>;
