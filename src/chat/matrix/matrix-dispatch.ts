import type { MatrixClient } from "matrix-js-sdk";
import type { ChatHandlers } from "../../core/chat-port.ts";
import type { Log } from "../../core/log.ts";
import type { MatrixAction } from "./matrix-events.ts";
import { isYesKey } from "./matrix-events.ts";
import { trimUserId, USER_ID_IN_TEXT } from "./matrix-ids.ts";
import type { People } from "./matrix-people.ts";
import type { PinReactions } from "./matrix-pin-reactions.ts";
import type { RoomDirectory } from "./matrix-room-directory.ts";
import { record, roomEventSchema, text } from "./matrix-sync-schema.ts";

interface KnownMessage {
  readonly sender: string;
  readonly text: string;
  readonly sentAt: string;
}

const REMEMBERED = 2000;

/**
 * Turns classified room events into calls of the shared chat handlers, with names instead of
 * Matrix IDs. Messages seen in /sync are remembered (a bounded number) so that pinning a recent
 * one needs no request; older ones are fetched.
 */
export function createDispatcher(deps: {
  handlers: ChatHandlers;
  client: MatrixClient;
  people: People;
  directory: RoomDirectory;
  pins: PinReactions;
  log: Log;
  /** Messages the bot posted with an action (event id -> `!inc confirm …`), answered by ✅. */
  actions: ReadonlyMap<string, string>;
}) {
  const { handlers, people, pins } = deps;
  const recent = new Map<string, KnownMessage>();
  const remember = (eventId: string, message: KnownMessage) => {
    recent.delete(eventId);
    recent.set(eventId, message);
    if (recent.size > REMEMBERED) recent.delete(recent.keys().next().value as string);
  };

  /** The message as it reads now: its latest edit when the server bundles one (Matrix 1.7+). */
  async function message(roomId: string, eventId: string): Promise<KnownMessage | undefined> {
    const known = recent.get(eventId);
    if (known) return known;
    let raw: unknown;
    try {
      raw = await deps.client.fetchRoomEvent(roomId, eventId);
    } catch (error) {
      deps.log.warn({ err: error, room: roomId, event: eventId }, "pinned message not found");
      return undefined;
    }
    const parsed = roomEventSchema.safeParse(raw);
    if (!parsed.success || parsed.data.type !== "m.room.message") return undefined;
    const event = parsed.data;
    const edit = record(record(event.unsigned, "m.relations"), "m.replace");
    const edited = record(record(edit, "content"), "m.new_content");
    const body = (edited && text(edited, "body")) ?? text(event.content, "body");
    if (body === undefined) return undefined; // redacted
    const found = {
      sender: event.sender,
      text: body,
      sentAt: new Date(event.origin_server_ts).toISOString(),
    };
    remember(eventId, found);
    return found;
  }

  /** Timeline text reads names, not IDs: `@bob:example.org` becomes Bob where Bob is known. */
  const readable = (value: string) =>
    value.replace(USER_ID_IN_TEXT, (match) => {
      const userId = trimUserId(match);
      const name = people.knownName(userId);
      return name ? name + match.slice(userId.length) : match;
    });

  async function pin(roomId: string, targetId: string, by: string): Promise<void> {
    const target = await message(roomId, targetId);
    if (!target) return;
    await handlers.onPin({
      roomId,
      messageId: targetId,
      author: await people.actor(roomId, target.sender),
      text: readable(target.text),
      sentAt: target.sentAt,
      pinnedBy: await people.actor(roomId, by),
    });
  }

  /** Unpins unless someone else's 📌, or the room's pin list, still holds the message. */
  async function unpinUnlessHeld(roomId: string, targetId: string): Promise<void> {
    if (pins.count({ roomId, targetId }) > 0) return;
    if (deps.directory.pinned(roomId)?.includes(targetId)) return;
    await handlers.onUnpin({ roomId, messageId: targetId });
  }

  return async function dispatch(action: MatrixAction): Promise<void> {
    switch (action.kind) {
      case "message": {
        const { roomId, eventId, sender } = action;
        remember(eventId, { sender, text: action.text, sentAt: action.sentAt });
        // Commands come as plain text; notices are other bots talking, never commands.
        if (action.msgtype !== "m.text") return;
        await handlers.onMessage({
          roomId,
          messageId: eventId,
          sender: await people.actor(roomId, sender),
          text: action.text,
          sentAt: action.sentAt,
        });
        return;
      }
      case "edit": {
        const original = recent.get(action.targetId);
        // Only the author may edit a message (the spec ignores edits by anyone else).
        if (original && original.sender !== action.sender) return;
        if (original) remember(action.targetId, { ...original, text: action.text });
        await handlers.onMessageEdited({
          roomId: action.roomId,
          messageId: action.targetId,
          text: readable(action.text),
          editedAt: action.editedAt,
        });
        return;
      }
      case "reaction": {
        const command = deps.actions.get(action.targetId);
        if (!command || !isYesKey(action.key)) return;
        await handlers.onMessage({
          roomId: action.roomId,
          sender: await people.actor(action.roomId, action.sender),
          text: command,
          sentAt: action.sentAt,
        });
        return;
      }
      case "pin-reaction":
        pins.add(action.reactionId, { roomId: action.roomId, targetId: action.targetId });
        await pin(action.roomId, action.targetId, action.sender);
        return;
      case "redaction": {
        const reaction = pins.remove(action.redactedId);
        if (reaction) {
          await unpinUnlessHeld(reaction.roomId, reaction.targetId);
          return;
        }
        recent.delete(action.redactedId);
        await handlers.onMessageDeleted({
          roomId: action.roomId,
          messageId: action.redactedId,
          deletedAt: action.at,
        });
        return;
      }
      case "pins":
        for (const targetId of action.added) await pin(action.roomId, targetId, action.sender);
        for (const targetId of action.removed) await unpinUnlessHeld(action.roomId, targetId);
        return;
    }
  };
}
