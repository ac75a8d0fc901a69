/**
 * Slack reads `&`, `<` and `>` as control characters in message text and mrkdwn (links, mentions),
 * so text from incident titles, alerts and people is sent with them as HTML entities; otherwise a
 * title like `<!channel>` would notify everyone.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The reverse, for text Slack sends us. `&amp;` last, so `&amp;lt;` stays `&lt;`. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** A URL inside `<url|label>`: entities for the control characters, and `|` would end the URL. */
export function escapeSlackUrl(url: string): string {
  return escapeSlackText(url).replace(/\|/g, "%7C");
}
