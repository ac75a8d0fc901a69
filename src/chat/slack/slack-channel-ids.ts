import type { ChatStateRepository } from "../../core/store-ports.ts";

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
      const k = key(roomId);
      const cached = known.get(k) ?? state.get("slack", k);
      if (cached) known.set(k, cached);
      return cached ?? roomId.replace(/^#/, "");
    },
    learn(roomId, channelId, at) {
      const k = key(roomId);
      if (CHANNEL_ID.test(roomId) || known.get(k) === channelId) return;
      known.set(k, channelId);
      state.set("slack", k, channelId, at);
    },
  };
}
