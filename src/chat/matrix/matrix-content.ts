import { MsgType, RelationType, THREAD_RELATION_TYPE } from "matrix-js-sdk";
import type { RoomMessageEventContent } from "matrix-js-sdk/lib/types.js";
import type { FormattedMessage } from "./matrix-format.ts";

const HTML = "org.matrix.custom.html";

/**
 * A bot message: always `m.notice`, which clients show as bot output and which default push rules
 * never notify for, so the bot can talk freely without paging anyone.
 */
export function noticeContent(
  message: FormattedMessage,
  threadOf?: string,
): RoomMessageEventContent {
  const base: RoomMessageEventContent = {
    msgtype: MsgType.Notice,
    body: message.body,
    format: HTML,
    formatted_body: message.html,
    "m.mentions": { user_ids: [...message.mentions] },
  };
  if (!threadOf) return base;
  // A thread reply, with the reply fallback that clients without threads show instead.
  return {
    ...base,
    "m.relates_to": {
      rel_type: THREAD_RELATION_TYPE.name as RelationType.Thread,
      event_id: threadOf,
      is_falling_back: true,
      "m.in_reply_to": { event_id: threadOf },
    },
  } as RoomMessageEventContent;
}

/**
 * An edit (`m.replace`) of an earlier bot message. `m.new_content` is what edit-aware clients
 * show; the `* `-prefixed body is the spec's fallback for the others. Empty top-level mentions
 * keep an edit from notifying anyone again.
 */
export function replacementContent(
  originalId: string,
  message: FormattedMessage,
): RoomMessageEventContent {
  return {
    msgtype: MsgType.Notice,
    body: `* ${message.body}`,
    format: HTML,
    formatted_body: `* ${message.html}`,
    "m.mentions": {},
    "m.new_content": {
      msgtype: MsgType.Notice,
      body: message.body,
      format: HTML,
      formatted_body: message.html,
      "m.mentions": { user_ids: [...message.mentions] },
    },
    "m.relates_to": { rel_type: RelationType.Replace, event_id: originalId },
  };
}
