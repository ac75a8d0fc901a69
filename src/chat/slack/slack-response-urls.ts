/**
 * Every slash command and button click comes with a response_url: it answers in that channel even
 * where the bot is not a member (a DM between two people, a channel nobody invited it to), where
 * chat.postMessage and chat.postEphemeral fail with not_in_channel. Slack honours one for 30
 * minutes and 5 answers, so they are kept that long and used only as a fallback.
 */
export interface SlackResponseUrls {
  remember(channelId: string, userId: string, url: string): void;
  /** A live response_url for the channel (from this user, when given). */
  take(channelId: string, userId?: string): string | undefined;
}

const LIFETIME_MS = 30 * 60_000;
const USES = 5;

export function createSlackResponseUrls(now: () => number = Date.now): SlackResponseUrls {
  const byChannel = new Map<string, { url: string; userId: string; at: number; uses: number }[]>();
  return {
    remember(channelId, userId, url) {
      const live = (byChannel.get(channelId) ?? []).filter((r) => now() - r.at < LIFETIME_MS);
      byChannel.set(channelId, [{ url, userId, at: now(), uses: 0 }, ...live].slice(0, 20));
    },
    take(channelId, userId) {
      const found = (byChannel.get(channelId) ?? []).find(
        (r) =>
          now() - r.at < LIFETIME_MS &&
          r.uses < USES &&
          (userId === undefined || r.userId === userId),
      );
      if (!found) return undefined;
      found.uses++;
      return found.url;
    },
  };
}

/** Posts to a response_url: ephemeral answers only the caller sees, or in the channel. */
export async function postToResponseUrl(
  url: string,
  message: { text: string; ephemeral: boolean; threadTs?: string },
): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      text: message.text,
      response_type: message.ephemeral ? "ephemeral" : "in_channel",
      replace_original: false,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`response_url answered ${response.status}`);
}
