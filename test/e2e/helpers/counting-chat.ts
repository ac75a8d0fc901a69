import type { ChatPort } from "../../../src/core/chat-port.ts";

/** Wraps a chat port and counts every call that would reach the platform, by room. */
export function countingChat(inner: ChatPort) {
  const calls = new Map<string, number>();
  const count = (room: string) => calls.set(room, (calls.get(room) ?? 0) + 1);
  const chat: ChatPort = {
    ...inner,
    start: (handler) => inner.start(handler),
    stop: () => inner.stop(),
    isConnected: () => inner.isConnected(),
    resolveUser: (reference) => inner.resolveUser(reference),
    async openRoom(incident, options) {
      const room = await inner.openRoom(incident, options);
      count(room.roomId);
      return room;
    },
    async post(roomId, message) {
      count(roomId);
      return inner.post(roomId, message);
    },
    async edit(roomId, messageId, message) {
      count(roomId);
      return inner.edit(roomId, messageId, message);
    },
  };
  return { chat, calls };
}
