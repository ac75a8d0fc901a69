import { pinnedOf } from "./matrix-room-directory.ts";
import { type RoomEventData, record, text } from "./matrix-sync-schema.ts";

/** What a room event means to Firebreak; everything else in a room is ignored. */
export type MatrixAction =
  | {
      readonly kind: "message";
      readonly roomId: string;
      readonly eventId: string;
      readonly sender: string;
      readonly msgtype: string;
      readonly text: string;
      readonly sentAt: string;
    }
  | {
      readonly kind: "edit";
      readonly roomId: string;
      readonly targetId: string;
      readonly sender: string;
      readonly text: string;
      readonly editedAt: string;
    }
  | {
      readonly kind: "pin-reaction";
      readonly roomId: string;
      readonly reactionId: string;
      readonly targetId: string;
      readonly sender: string;
    }
  | {
      /** Any other reaction: ✅ on a message with a button confirms (Matrix has no buttons). */
      readonly kind: "reaction";
      readonly roomId: string;
      readonly targetId: string;
      readonly sender: string;
      readonly key: string;
      readonly sentAt: string;
    }
  | {
      readonly kind: "redaction";
      readonly roomId: string;
      readonly redactedId: string;
      readonly at: string;
    }
  | {
      readonly kind: "pins";
      readonly roomId: string;
      readonly added: readonly string[];
      readonly removed: readonly string[];
      readonly sender: string;
    };

/** A reaction key without the emoji variation selector that some clients add. */
const bare = (key: string) => key.replace(/\uFE0F/g, "").trim();

const YES_KEYS = new Set([
  "✅",
  "✔",
  "👍",
  ":white_check_mark:",
  ":heavy_check_mark:",
  ":+1:",
  ":thumbsup:",
]);

/** ✅ / ✔️ / 👍 (or their shortcodes): "yes" to a message that offered an action. */
export function isYesKey(key: string): boolean {
  return YES_KEYS.has(bare(key));
}

/** 📌 with or without the emoji variation selector, or the shortcode some clients send. */
export function isPinKey(key: string): boolean {
  const pin = bare(key);
  return pin === "📌" || pin === ":pushpin:";
}

const at = (event: RoomEventData) => new Date(event.origin_server_ts).toISOString();

/**
 * Clients that predate Matrix 1.13 put a quote of the replied-to message (`> <@bob:x> …`) before
 * the reply; a command typed as a reply must not start with it.
 */
export function stripReplyFallback(body: string, content: Record<string, unknown>): string {
  if (!record(record(content, "m.relates_to"), "m.in_reply_to") || !body.startsWith(">")) {
    return body;
  }
  const lines = body.split("\n");
  let i = 0;
  while (i < lines.length && lines[i]?.startsWith(">")) i++;
  if (lines[i] === "") i++;
  return lines.slice(i).join("\n");
}

/**
 * Classifies one timeline event. `previousPinned` is the room's pinned list before this event,
 * when known, so that a change to `m.room.pinned_events` can be told apart into pins and unpins.
 */
export function classifyEvent(
  roomId: string,
  event: RoomEventData,
  previousPinned: readonly string[] | undefined,
): MatrixAction | undefined {
  const relation = record(event.content, "m.relates_to");
  const relType = relation && text(relation, "rel_type");
  const target = relation && text(relation, "event_id");
  switch (event.type) {
    case "m.room.message": {
      if (relType === "m.replace") {
        const replacement = record(event.content, "m.new_content");
        const body =
          (replacement && text(replacement, "body")) ??
          text(event.content, "body")?.replace(/^\* /, "");
        if (!target || body === undefined) return undefined;
        return {
          kind: "edit",
          roomId,
          targetId: target,
          sender: event.sender,
          text: body,
          editedAt: at(event),
        };
      }
      const body = text(event.content, "body");
      if (body === undefined) return undefined;
      return {
        kind: "message",
        roomId,
        eventId: event.event_id,
        sender: event.sender,
        msgtype: text(event.content, "msgtype") ?? "m.text",
        text: stripReplyFallback(body, event.content),
        sentAt: at(event),
      };
    }
    case "m.reaction": {
      const key = relation && text(relation, "key");
      if (relType !== "m.annotation" || !target || !key) return undefined;
      if (!isPinKey(key)) {
        return {
          kind: "reaction",
          roomId,
          targetId: target,
          sender: event.sender,
          key,
          sentAt: at(event),
        };
      }
      return {
        kind: "pin-reaction",
        roomId,
        reactionId: event.event_id,
        targetId: target,
        sender: event.sender,
      };
    }
    case "m.room.redaction": {
      const redacted = event.redacts ?? text(event.content, "redacts");
      return redacted
        ? { kind: "redaction", roomId, redactedId: redacted, at: at(event) }
        : undefined;
    }
    case "m.room.pinned_events": {
      if (event.state_key !== "") return undefined;
      const now = pinnedOf(event.content);
      const prevContent = record(event.unsigned, "prev_content");
      const before = prevContent ? pinnedOf(prevContent) : previousPinned;
      const added = now.filter((id) => !before?.includes(id));
      // Without knowing the list before, removals cannot be told; pins can (pinning twice is harmless).
      const removed = before ? before.filter((id) => !now.includes(id)) : [];
      if (added.length === 0 && removed.length === 0) return undefined;
      return { kind: "pins", roomId, added, removed, sender: event.sender };
    }
    default:
      return undefined;
  }
}
