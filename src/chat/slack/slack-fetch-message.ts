import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;

export interface FetchedMessage {
  readonly ts: string;
  readonly text: string;
  /** The author's user ID; bots and integrations may have none. */
  readonly user: string | undefined;
  readonly botName: string | undefined;
}

/**
 * A reaction event only says which message was reacted to (channel and ts); its text and author
 * come from conversations.history, or conversations.replies for a reply inside a thread (history
 * holds only top-level messages).
 */
export async function fetchMessage(
  client: WebClient,
  channel: string,
  ts: string,
): Promise<FetchedMessage | undefined> {
  const history = await client.conversations.history({
    channel,
    latest: ts,
    oldest: ts,
    inclusive: true,
    limit: 1,
  });
  let message = history.messages?.find((m) => m.ts === ts);
  if (!message) {
    const thread = await client.conversations.replies({ channel, ts, limit: 200 });
    message = thread.messages?.find((m) => m.ts === ts);
  }
  if (!message) return undefined;
  return {
    ts,
    text: message.text ?? "",
    user: message.user,
    botName: message.username ?? message.bot_profile?.name,
  };
}
