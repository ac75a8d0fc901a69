/**
 * A command, everything after the prefix, may be this long. Notes, updates and action items are
 * chat-sized: 4,000 characters is a long page, keeps every entry well inside one Slack message
 * (40,000 characters) and one Matrix event (64 KiB) with room for the bot's framing, and keeps a
 * pasted log out of the timeline (link it instead).
 */
export const MAX_COMMAND_CHARS = 4000;

/**
 * A title is a headline: it names channels and rooms and heads summaries (Slack's header shows
 * 150 characters), so a typed one may be 200. Alert titles are generated, and clipped instead.
 */
export const MAX_TITLE_CHARS = 200;
