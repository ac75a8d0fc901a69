import type { webApi } from "@slack/bolt";
import type { Actor } from "../../core/incident.ts";
import type { Log } from "../../core/log.ts";
import { slackErrorCode } from "./slack-api-error.ts";
import { commandText, readableText } from "./slack-readable-text.ts";

type WebClient = webApi.WebClient;
type SlackUser = webApi.UsersInfoResponse["user"];

/** Slack user IDs: U… for workspace users, W… for Enterprise Grid users. */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

const MENTION = /^<@([UW][A-Z0-9]{2,})(?:\|([^>]*))?>$/;

export interface SlackPeople {
  actorOf(userId: string, fallbackName?: string): Promise<Actor>;
  /** `@alice`, `alice`, `<@U123>`, `<@U123|alice>` or `U123`; undefined when nobody matches. */
  find(reference: string): Promise<Actor | undefined>;
  /** Message text with mentions and links turned into what people read. */
  readable(text: string): Promise<string>;
  /** Slash command text for the parser: mentions as `@handle`, entities decoded. */
  commandText(text: string): Promise<string>;
}

/** How long a display name is trusted (people rename themselves). */
const NAME_TTL_MS = 60 * 60_000;
/** The least time between two reads of the whole directory (users.list is Tier 2). */
const DIRECTORY_REFRESH_MS = 60_000;

function displayName(user: SlackUser): string | undefined {
  return (
    user?.profile?.display_name ||
    user?.profile?.real_name ||
    user?.real_name ||
    user?.name ||
    undefined
  );
}

/**
 * Who is who in the workspace: IDs to display names through users.info, cached in memory, and
 * names back to IDs through the users.list directory, read at most once per refresh interval so a
 * typo cannot make Firebreak page through the directory on every command.
 */
export function createSlackPeople(client: WebClient, log: Log): SlackPeople {
  const names = new Map<string, { name: string; handle: string | undefined; at: number }>();
  const idsByName = new Map<string, string>();
  let directoryAt = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | undefined;

  const remember = (user: SlackUser) => {
    const name = displayName(user);
    if (!user?.id || !name) return;
    names.set(user.id, { name, handle: user.name, at: Date.now() });
    for (const alias of [user.name, user.profile?.display_name, user.profile?.real_name]) {
      if (alias) idsByName.set(alias.toLowerCase(), user.id);
    }
  };

  /** users.info; undefined when the user does not exist (or Slack cannot say right now). */
  async function lookup(userId: string): Promise<string | undefined> {
    const cached = names.get(userId);
    if (cached && Date.now() - cached.at < NAME_TTL_MS) return cached.name;
    try {
      const answer = await client.users.info({ user: userId });
      remember(answer.user);
      return names.get(userId)?.name;
    } catch (error) {
      const code = slackErrorCode(error);
      if (code !== "user_not_found") log.warn({ err: error, user: userId }, "users.info failed");
      return cached?.name;
    }
  }

  async function loadDirectory(): Promise<void> {
    directoryAt = Date.now();
    let cursor: string | undefined;
    do {
      const page = await client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) });
      for (const member of page.members ?? []) if (!member.deleted) remember(member);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
  }

  async function idOfName(name: string): Promise<string | undefined> {
    const key = name.toLowerCase();
    const known = idsByName.get(key);
    if (known || Date.now() - directoryAt < DIRECTORY_REFRESH_MS) return known;
    loading ??= loadDirectory()
      .catch((error: unknown) => log.warn({ err: error }, "users.list failed"))
      .finally(() => {
        loading = undefined;
      });
    await loading;
    return idsByName.get(key);
  }

  /** The user's display name (cached); the ID when Slack cannot say. */
  const nameOf = async (userId: string) => (await lookup(userId)) ?? userId;

  /** A mention's handle: its label when Slack sent one (learnt, so it resolves back), or users.info's. */
  const handleOf = async (userId: string, label: string | undefined) => {
    if (label) {
      idsByName.set(label.toLowerCase(), userId);
      return label;
    }
    await lookup(userId);
    return names.get(userId)?.handle ?? userId;
  };

  const actorOf = async (userId: string, fallbackName?: string): Promise<Actor> => ({
    id: userId,
    name: (await lookup(userId)) ?? fallbackName ?? userId,
  });

  return {
    actorOf,
    async find(reference) {
      const text = reference.trim();
      const mention = MENTION.exec(text);
      if (mention?.[1]) return actorOf(mention[1], mention[2]);
      const bare = text.replace(/^@/, "");
      if (bare === "") return undefined;
      if (SLACK_USER_ID.test(bare)) {
        const name = await lookup(bare);
        if (name) return { id: bare, name };
      }
      const id = await idOfName(bare);
      return id ? actorOf(id) : undefined;
    },
    readable: (text) => readableText(text, nameOf),
    commandText: (text) => commandText(text, handleOf),
  };
}
