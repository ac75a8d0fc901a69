/**
 * Matrix user IDs: `@localpart:server`, where the server may carry a port. Localparts are lenient
 * (upper case, other punctuation) because historical accounts on real servers use them.
 */
const USER_ID = /^@[^\s:@]+:[A-Za-z0-9.-]+(?::\d{1,5})?$/;

/** A user ID inside running text; a trailing sentence dot is trimmed by `trimUserId`. */
export const USER_ID_IN_TEXT = /@[A-Za-z0-9._=/+-]+:[A-Za-z0-9.-]+(?::\d{1,5})?/g;

export function isUserId(value: string): boolean {
  return USER_ID.test(value);
}

/** `@bob:example.org.` at the end of a sentence is `@bob:example.org`. */
export function trimUserId(match: string): string {
  return match.replace(/\.+$/, "");
}

/** The server name of a user ID: everything after the first colon. */
export function serverOf(userId: string): string {
  return userId.slice(userId.indexOf(":") + 1);
}

export function localpartOf(userId: string): string {
  const colon = userId.indexOf(":");
  return userId.slice(1, colon === -1 ? undefined : colon);
}

/**
 * What people type for a person — `@bob:example.org`, a matrix.to link, `@bob` or `bob` — as a
 * user ID. Bare names are taken to live on the bot's own server, as they do on most self-hosted
 * homeservers. Undefined when it cannot be a user at all (spaces, empty).
 */
export function toUserId(reference: string, defaultServer: string): string | undefined {
  let value = reference.trim();
  const link = /^https:\/\/matrix\.to\/#\/(@[^/?]+)/.exec(value);
  if (link?.[1]) value = decodeURIComponent(link[1]);
  if (isUserId(value)) return value;
  const bare = value.replace(/^@/, "");
  if (!/^[a-z0-9._=/+-]+$/i.test(bare)) return undefined;
  return `@${bare.toLowerCase()}:${defaultServer}`;
}
