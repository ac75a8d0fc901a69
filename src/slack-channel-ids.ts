import type { ChatStateRepository } from "./store-ports.ts";

/** Conversation IDs: C… public channels, G… private ones (older), D… direct messages. */
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

export interface SlackChannelIds {
  /** The conversation ID for a room as Firebreak knows it: an ID, or a name from the config. */
  idOf(roomId: string): string;
  /** Remembers that posting to `roomId` (a name) went to `channelId`. */
  learn(roomId: string, channelId: string, at: string): void;
}

/**
 * Routes name broadcast channels (`broadcast: incidents`). chat.postMessage accepts a name, but
 * chat.update only takes the ID; the ID Slack answers with is kept in the store, so the broadcast
 * message can still be edited in place after a restart.
 */
export function createSlackChannelIds(state: ChatStateRepository): SlackChannelIds {
  const known = new Map<string, string>();
  const key = (name: string) => `channel:${name.replace(/^#/, "").toLowerCase()}`;
  return {
    idOf(roomId) {
      if (CHANNEL_ID.test(roomId)) return roomId;
      const cached = known.get(key(roomId)) ?? state.get("slack", key(roomId));
      if (cached) known.set(key(roomId), cached);
      return cached ?? roomId.replace(/^#/, "");
    },
    learn(roomId, channelId, at) {
      if (CHANNEL_ID.test(roomId) || known.get(key(roomId)) === channelId) return;
      known.set(key(roomId), channelId);
      state.set("slack", key(roomId), channelId, at);
    },
  };
}
