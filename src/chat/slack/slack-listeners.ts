import type { App } from "@slack/bolt";
import type { ChatHandlers, PinnedMessage } from "../../core/chat-port.ts";
import type { Clock } from "../../core/clock.ts";
import type { Actor } from "../../core/incident.ts";
import type { Log } from "../../core/log.ts";
import { type FetchedMessage, fetchMessage } from "./slack-fetch-message.ts";
import type { SlackPeople } from "./slack-people.ts";
import type { SlackResponseUrls } from "./slack-response-urls.ts";
import { ACTION_ID_PREFIX } from "./slack-summary-blocks.ts";
import { slackTsToIso } from "./slack-ts.ts";

/** The message shortcut's callback_id, as the app manifest declares it. */
const ADD_TO_TIMELINE = "add_to_timeline";
/** 📌 */
const PIN_REACTION = "pushpin";
/** Every slash command reaches the one parser as this, whatever its name in Slack. */
const PARSED_PREFIX = "/incident";

export interface SlackListenerDeps {
  readonly commands: readonly string[];
  readonly people: SlackPeople;
  readonly responseUrls: SlackResponseUrls;
  readonly clock: Clock;
  readonly log: Log;
  /** Runs work after Slack has been answered; the adapter tracks it and supplies the handlers. */
  readonly dispatch: (label: string, work: (handlers: ChatHandlers) => Promise<void>) => void;
}

interface Context {
  readonly botUserId?: string | undefined;
  readonly botId?: string | undefined;
}

/** Messages the bot wrote itself (its summary being edited, its own pins) are not events for it. */
function isOwn(context: Context, author: { user?: string; bot_id?: string } | undefined): boolean {
  return (
    author !== undefined &&
    ((context.botUserId !== undefined && author.user === context.botUserId) ||
      (context.botId !== undefined && author.bot_id === context.botId))
  );
}

/**
 * The Slack side of the chat port: slash commands, summary buttons, the "Add to timeline" shortcut,
 * 📌 reactions, pins, edits and deletions become ChatHandlers calls. Each listener acknowledges
 * first (Slack allows 3 seconds) and does the work afterwards; none of them decides anything.
 */
export function registerSlackListeners(bolt: App, deps: SlackListenerDeps): void {
  const { people, dispatch, log } = deps;

  const pinOf = async (
    roomId: string,
    message: FetchedMessage,
    pinnedBy: Actor,
  ): Promise<PinnedMessage> => ({
    roomId,
    messageId: message.ts,
    author: message.user
      ? await people.actorOf(message.user)
      : { id: message.botName ?? "bot", name: message.botName ?? "a bot" },
    text: await people.readable(message.text),
    sentAt: slackTsToIso(message.ts),
    pinnedBy,
  });

  for (const name of deps.commands) {
    bolt.command(name, async ({ command, ack }) => {
      await ack();
      deps.responseUrls.remember(command.channel_id, command.user_id, command.response_url);
      dispatch("slash command", async (handlers) =>
        handlers.onMessage({
          roomId: command.channel_id,
          sender: await people.actorOf(command.user_id, command.user_name),
          text: `${PARSED_PREFIX} ${await people.commandText(command.text)}`.trim(),
          // A slash command carries no timestamp of its own; it arrived just now.
          sentAt: deps.clock.now().toISOString(),
        }),
      );
    });
  }

  bolt.action(
    { type: "block_actions", action_id: new RegExp(`^${ACTION_ID_PREFIX}`) },
    async ({ body, action, ack }) => {
      await ack();
      const channel = body.channel?.id;
      if (action.type !== "button" || !action.value || !channel) return;
      const value = action.value;
      deps.responseUrls.remember(channel, body.user.id, body.response_url);
      dispatch("button", async (handlers) =>
        handlers.onMessage({
          roomId: channel,
          sender: await people.actorOf(body.user.id, body.user.name ?? body.user.username),
          text: `${PARSED_PREFIX} ${value}`,
          sentAt: slackTsToIso(action.action_ts),
        }),
      );
    },
  );

  bolt.shortcut(
    { type: "message_action", callback_id: ADD_TO_TIMELINE },
    async ({ shortcut, ack }) => {
      await ack();
      if (shortcut.type !== "message_action") return;
      const { message, channel, user } = shortcut;
      dispatch("add to timeline", async (handlers) =>
        handlers.onPin(
          await pinOf(
            channel.id,
            {
              ts: message.ts,
              text: message.text ?? "",
              user: message.user,
              botName: typeof message.username === "string" ? message.username : undefined,
            },
            await people.actorOf(user.id, user.name ?? user.username),
          ),
        ),
      );
    },
  );

  bolt.event("reaction_added", async ({ event, context, client }) => {
    if (event.reaction !== PIN_REACTION || event.item.type !== "message") return;
    if (event.user === context.botUserId) return;
    const { channel, ts } = event.item;
    dispatch("📌 reaction", async (handlers) => {
      const message = await fetchMessage(client, channel, ts);
      if (!message) {
        log.warn({ channel, ts }, "📌 on a message Slack would not return; not on the timeline");
        return;
      }
      await handlers.onPin(await pinOf(channel, message, await people.actorOf(event.user)));
    });
  });

  bolt.event("reaction_removed", async ({ event }) => {
    if (event.reaction !== PIN_REACTION || event.item.type !== "message") return;
    const { channel, ts } = event.item;
    dispatch("📌 removed", (handlers) => handlers.onUnpin({ roomId: channel, messageId: ts }));
  });

  bolt.event("pin_added", async ({ event, context }) => {
    const message = event.item.message;
    if (!message?.ts || event.user === context.botUserId) return;
    const roomId = event.channel_id;
    dispatch("pin", async (handlers) =>
      handlers.onPin(
        await pinOf(
          roomId,
          {
            ts: message.ts,
            text: message.text ?? "",
            user: message.user,
            botName: message.bot_profile?.name,
          },
          await people.actorOf(event.user),
        ),
      ),
    );
  });

  bolt.event("pin_removed", async ({ event }) => {
    const ts = event.item.message?.ts;
    if (!ts) return;
    const roomId = event.channel_id;
    dispatch("unpin", (handlers) => handlers.onUnpin({ roomId, messageId: ts }));
  });

  bolt.event("message", async ({ event, context }) => {
    if (event.subtype === "message_changed") {
      const message = event.message as {
        ts: string;
        text?: string;
        user?: string;
        bot_id?: string;
        edited?: { ts: string };
      };
      if (isOwn(context, message)) return;
      const roomId = event.channel;
      dispatch("edit", async (handlers) =>
        handlers.onMessageEdited({
          roomId,
          messageId: message.ts,
          text: await people.readable(message.text ?? ""),
          editedAt: slackTsToIso(message.edited?.ts ?? event.ts),
        }),
      );
    } else if (event.subtype === "message_deleted") {
      const roomId = event.channel;
      const messageId = event.deleted_ts;
      dispatch("delete", (handlers) =>
        handlers.onMessageDeleted({ roomId, messageId, deletedAt: slackTsToIso(event.ts) }),
      );
    }
  });
}
