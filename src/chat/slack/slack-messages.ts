import type { webApi } from "@slack/bolt";
import type { OutboundMessage, PostedMessage } from "../../core/chat-port.ts";
import { clipToFit, type Fits, splitToFit } from "../../core/clip-text.ts";
import type { Log } from "../../core/log.ts";
import { slackErrorCode } from "./slack-api-error.ts";
import type { SlackChannelIds } from "./slack-channel-ids.ts";
import { escapeSlackText } from "./slack-escape.ts";
import { postToResponseUrl, type SlackResponseUrls } from "./slack-response-urls.ts";
import { actionBlocks, summaryBlocks } from "./slack-summary-blocks.ts";

type WebClient = webApi.WebClient;

/** Slack refuses a message whose text is longer (msg_too_long), counted after escaping. */
const TEXT_MAX = 40_000;
const fits: Fits = (text) => escapeSlackText(text).length <= TEXT_MAX;

/** The bot cannot write there itself: the room is a DM or a channel it was never invited to. */
const OUTSIDE = new Set(["not_in_channel", "channel_not_found"]);

export interface SlackMessages {
  post(roomId: string, message: OutboundMessage): Promise<PostedMessage>;
  edit(roomId: string, messageId: string, message: OutboundMessage): Promise<void>;
}

/**
 * Firebreak's messages as Web API calls: chat.postMessage (chat.postEphemeral when only one person
 * should see it), pins.add for the summary, chat.update to keep it current, Block Kit for
 * summaries. The message ts is the message's id, for edits, pins and threads.
 */
export function createSlackMessages(deps: {
  readonly client: WebClient;
  readonly channelIds: SlackChannelIds;
  readonly responseUrls: SlackResponseUrls;
  readonly log: Log;
  readonly now: () => Date;
}): SlackMessages {
  const { client, channelIds, log } = deps;

  const content = (message: OutboundMessage) => {
    // Only a message that must stay one (a summary, an edit) gets here too long: it is clipped.
    const text = escapeSlackText(clipToFit(message.text, fits));
    if (message.summary) return { text, blocks: summaryBlocks(message.summary) };
    if (message.actions && message.actions.length > 0) {
      return { text, blocks: actionBlocks(text, message.actions) };
    }
    return { text };
  };

  async function viaResponseUrl(
    channel: string,
    message: OutboundMessage,
    error: unknown,
  ): Promise<PostedMessage> {
    const url = OUTSIDE.has(slackErrorCode(error) ?? "")
      ? deps.responseUrls.take(channel, message.ephemeralTo)
      : undefined;
    if (!url) throw error;
    await postToResponseUrl(url, {
      text: escapeSlackText(clipToFit(message.text, fits)),
      ephemeral: message.ephemeralTo !== undefined,
      ...(message.threadOf ? { threadTs: message.threadOf } : {}),
    });
    // A response_url answer has no ts: it cannot be edited or pinned later.
    return { messageId: "" };
  }

  async function pin(channel: string, ts: string): Promise<void> {
    try {
      await client.pins.add({ channel, timestamp: ts });
    } catch (error) {
      // The summary is still posted and kept current; a missing pin is not worth failing for.
      log.warn({ err: error, channel }, "pins.add failed");
    }
  }

  async function postOne(roomId: string, message: OutboundMessage): Promise<PostedMessage> {
    const channel = channelIds.idOf(roomId);
    const thread = message.threadOf ? { thread_ts: message.threadOf } : {};
    try {
      if (message.ephemeralTo) {
        const answer = await client.chat.postEphemeral({
          channel,
          user: message.ephemeralTo,
          ...content(message),
          ...thread,
        });
        return { messageId: answer.message_ts ?? "" };
      }
      const answer = await client.chat.postMessage({
        channel,
        ...content(message),
        ...thread,
        // Links in summaries would otherwise unfold into large previews.
        unfurl_links: false,
        unfurl_media: false,
      });
      const ts = answer.ts ?? "";
      if (answer.channel) channelIds.learn(roomId, answer.channel, deps.now().toISOString());
      if (message.pin && ts) await pin(answer.channel ?? channel, ts);
      return { messageId: ts };
    } catch (error) {
      return viaResponseUrl(channel, message, error);
    }
  }

  return {
    /** A long answer (a timeline) goes out as several messages, each within Slack's limit. */
    async post(roomId, message) {
      if (message.summary || fits(message.text)) return postOne(roomId, message);
      const parts = splitToFit(message.text, fits);
      const last = parts.length - 1;
      let first: PostedMessage | undefined;
      for (const [index, part] of parts.entries()) {
        const { pin: pinned, actions, ...rest } = message;
        const posted = await postOne(roomId, {
          ...rest,
          text: part,
          ...(index === 0 && pinned ? { pin: pinned } : {}),
          ...(index === last && actions ? { actions } : {}),
        });
        first ??= posted;
      }
      return first ?? { messageId: "" };
    },
    async edit(roomId, messageId, message) {
      if (messageId === "") return;
      await client.chat.update({
        channel: channelIds.idOf(roomId),
        ts: messageId,
        ...content(message),
        // Without blocks, chat.update would keep the old ones: an edit replaces the whole message.
        ...(message.summary ? {} : { blocks: [] }),
      });
    },
  };
}
