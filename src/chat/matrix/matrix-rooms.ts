import { type MatrixClient, MatrixError, Preset, Visibility } from "matrix-js-sdk";
import type { RoomOptions } from "../../core/chat-port.ts";
import type { Incident } from "../../core/incident.ts";
import { formatIncidentRef } from "../../core/incident-ref.ts";
import type { Log } from "../../core/log.ts";
import { formatSeverity } from "../../core/severity.ts";
import type { MatrixConfig } from "./matrix-config.ts";
import { isUserId, toUserId } from "./matrix-ids.ts";
import { raisePowerLevel } from "./matrix-room-admin.ts";

export interface RoomContext {
  readonly client: MatrixClient;
  readonly userId: string;
  readonly serverName: string;
  readonly config: MatrixConfig;
  readonly log: Log;
  readonly call: <T>(label: string, fn: () => Promise<T>) => Promise<T>;
}

/** Everyone to invite, as user IDs: the route's people (`@alice` means on the bot's server) and the declarer. */
export function inviteesOf(options: RoomOptions, self: string, serverName: string): string[] {
  const ids = options.invite.flatMap((reference) => toUserId(reference, serverName) ?? []);
  if (options.declarer && isUserId(options.declarer.id)) ids.push(options.declarer.id);
  return [...new Set(ids)].filter((id) => id !== self);
}

/**
 * Opens the incident's room: invite-only (private_chat preset), named `INC-42: title`, with a
 * topic, and an alias `#<prefix>42:server` when configured. People are invited one by one after
 * the room exists, so one unknown user cannot stop the room from opening. Returns the name
 * Firebreak shows for the room: the alias when there is one (clients link it), and never the
 * title of a private incident, since Matrix has no private replies to keep it from the room the
 * incident was declared in.
 */
export async function createIncidentRoom(
  ctx: RoomContext,
  incident: Incident,
  options: RoomOptions,
): Promise<{ roomId: string; name: string }> {
  const { client, config } = ctx;
  const ref = formatIncidentRef(incident.number);
  const name = `${ref}: ${incident.title}`.slice(0, 255);
  const request = {
    preset: Preset.PrivateChat,
    visibility: Visibility.Private,
    name,
    topic: `${ref} · ${formatSeverity(incident.severity)}${incident.private ? " · private" : ""} — incident room run by Firebreak. \`${config.commandPrefix} help\` lists the commands.`,
  };
  let alias = config.roomAliasPrefix ? `${config.roomAliasPrefix}${incident.number}` : undefined;
  let roomId: string;
  try {
    ({ room_id: roomId } = await ctx.call("createRoom", () =>
      client.createRoom(alias ? { ...request, room_alias_name: alias } : request),
    ));
  } catch (error) {
    // An alias left over from an earlier database must not stop the incident from getting a room.
    if (!(alias && error instanceof MatrixError && error.errcode === "M_ROOM_IN_USE")) throw error;
    ctx.log.warn({ alias, incident: incident.number }, "room alias taken; room opened without it");
    alias = undefined;
    ({ room_id: roomId } = await ctx.call("createRoom", () => client.createRoom(request)));
  }

  await inviteUsers(ctx, roomId, inviteesOf(options, ctx.userId, ctx.serverName));

  const commander = incident.roles.commander;
  if (commander && isUserId(commander.id)) {
    await raisePowerLevel(ctx.call, client, roomId, commander.id, config.commanderPowerLevel).catch(
      (error: unknown) => ctx.log.warn({ err: error, room: roomId }, "could not raise commander"),
    );
  }

  const shown = alias ? `#${alias}:${ctx.serverName}` : incident.private ? ref : name;
  return { roomId, name: shown };
}

/** Invites people one by one, so one unknown user does not stop the others. */
export async function inviteUsers(
  ctx: RoomContext,
  roomId: string,
  userIds: readonly string[],
): Promise<void> {
  for (const userId of userIds) {
    try {
      await ctx.call("invite", () => ctx.client.invite(roomId, userId));
    } catch (error) {
      ctx.log.warn({ err: error, user: userId, room: roomId }, "could not invite to incident room");
    }
  }
}
