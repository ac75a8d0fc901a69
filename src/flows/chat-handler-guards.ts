import type { ChatHandlers, ChatPort } from "../core/chat-port.ts";
import type { Log } from "../core/log.ts";
import type { OutboxWorker } from "./outbox-worker.ts";

/**
 * A handler returns once what it wrote to the outbox has been delivered (or tried): whoever typed
 * a command sees its answer in order, and tests can read it right after.
 */
export function settled(handlers: ChatHandlers, worker: OutboxWorker): ChatHandlers {
  const wrap =
    <A>(handle: (event: A) => Promise<void>) =>
    async (event: A) => {
      const mark = worker.mark();
      try {
        await handle(event);
      } finally {
        await worker.settle(mark);
      }
    };
  return {
    onMessage: wrap(handlers.onMessage),
    onPin: wrap(handlers.onPin),
    onUnpin: wrap(handlers.onUnpin),
    onMessageEdited: wrap(handlers.onMessageEdited),
    onMessageDeleted: wrap(handlers.onMessageDeleted),
  };
}

/** A failing handler is logged and, for commands, answered; it never takes the adapter down. */
export function guarded(handlers: ChatHandlers, chat: ChatPort, log: Log): ChatHandlers {
  const report = (what: string, room: string) => (error: unknown) => {
    log.error({ err: error, platform: chat.platform, room }, `${what} failed`);
  };
  return {
    onMessage: (message) =>
      handlers.onMessage(message).catch(async (error: unknown) => {
        report("chat command", message.roomId)(error);
        await chat
          .post(message.roomId, {
            text: "Something went wrong handling that; the details are in Firebreak's log.",
            ephemeralTo: message.sender.id,
          })
          .catch(() => {});
      }),
    onPin: (pin) => handlers.onPin(pin).catch(report("pin", pin.roomId)),
    onUnpin: (ref) => handlers.onUnpin(ref).catch(report("unpin", ref.roomId)),
    onMessageEdited: (edit) => handlers.onMessageEdited(edit).catch(report("edit", edit.roomId)),
    onMessageDeleted: (ref) => handlers.onMessageDeleted(ref).catch(report("delete", ref.roomId)),
  };
}
