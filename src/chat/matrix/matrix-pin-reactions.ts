import type { Clock } from "../../core/clock.ts";
import type { ChatStateRepository } from "../../core/store-ports.ts";
import { MATRIX } from "./matrix-session.ts";

interface Target {
  readonly roomId: string;
  readonly targetId: string;
}

/**
 * Which 📌 reactions point at which messages. A redaction strips a reaction down to nothing (from
 * room version 11 not even its relation survives), so when someone takes their 📌 back, this is the
 * only way to know which message to take off the timeline — kept in the store so it works across
 * restarts. The per-message list lets a second person's 📌 keep the message pinned.
 */
export function createPinReactions(chatState: ChatStateRepository, clock: Clock) {
  const set = (key: string, value: string) =>
    chatState.set(MATRIX, key, value, clock.now().toISOString());
  const listKey = ({ roomId, targetId }: Target) => `pin-reactions:${roomId} ${targetId}`;
  const list = (target: Target): string[] => {
    try {
      const value: unknown = JSON.parse(chatState.get(MATRIX, listKey(target)) || "[]");
      return Array.isArray(value) ? value.filter((id) => typeof id === "string") : [];
    } catch {
      return [];
    }
  };

  return {
    add(reactionId: string, target: Target): void {
      set(`pin-reaction:${reactionId}`, JSON.stringify(target));
      const ids = list(target);
      if (!ids.includes(reactionId)) set(listKey(target), JSON.stringify([...ids, reactionId]));
    },
    /** Forgets a redacted reaction; returns what it pinned, if it was a 📌 at all. */
    remove(reactionId: string): Target | undefined {
      const raw = chatState.get(MATRIX, `pin-reaction:${reactionId}`);
      if (!raw) return undefined;
      let target: Target;
      try {
        target = JSON.parse(raw) as Target;
      } catch {
        return undefined;
      }
      set(`pin-reaction:${reactionId}`, "");
      set(listKey(target), JSON.stringify(list(target).filter((id) => id !== reactionId)));
      return target;
    },
    count(target: Target): number {
      return list(target).length;
    },
  };
}

export type PinReactions = ReturnType<typeof createPinReactions>;
