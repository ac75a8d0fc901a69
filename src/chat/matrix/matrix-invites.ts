import { serverOf } from "./matrix-ids.ts";

/**
 * Whether the bot accepts an invite from this user: `allowInvitesFrom` lists user IDs
 * (`@alice:example.org`) and server names (`example.org`, meaning anyone on it). Nobody is allowed
 * by default, so that strangers cannot pull the bot (and incident details) into their rooms.
 */
export function isInviteAllowed(inviter: string, allowInvitesFrom: readonly string[]): boolean {
  const server = serverOf(inviter).toLowerCase();
  return allowInvitesFrom.some((entry) =>
    entry.startsWith("@") ? entry === inviter : entry.toLowerCase() === server,
  );
}
