import { randomUUID } from "node:crypto";
import { EventType } from "matrix-js-sdk";
import type { OutboundMessage } from "../../core/chat-port.ts";
import { clipToFit, type Fits, splitToFit } from "../../core/clip-text.ts";
import type { SummaryView } from "../../core/incident-summary.ts";
import type { ChatAdapter, PlatformDeps } from "../chat-adapter.ts";
import type { MatrixConfig } from "./matrix-config.ts";
import { noticeContent, replacementContent } from "./matrix-content.ts";
import { createDispatcher } from "./matrix-dispatch.ts";
import { formatMessage } from "./matrix-format.ts";
import { isUserId, serverOf } from "./matrix-ids.ts";
import { isInviteAllowed } from "./matrix-invites.ts";
import { createPeople, type People } from "./matrix-people.ts";
import { createPinReactions } from "./matrix-pin-reactions.ts";
import { DEFAULT_RETRY, type RetryPolicy, retryRateLimited } from "./matrix-retry.ts";
import { pinMessage, raisePowerLevel } from "./matrix-room-admin.ts";
import { createRoomDirectory } from "./matrix-room-directory.ts";
import { createRoomRefs } from "./matrix-room-ref.ts";
import { createIncidentRoom, inviteesOf, inviteUsers } from "./matrix-rooms.ts";
import { MATRIX, type MatrixSession, openMatrixSession } from "./matrix-session.ts";
import { type SyncLoop, startSyncLoop } from "./matrix-sync-loop.ts";
import { createSyncProcessor } from "./matrix-sync-processor.ts";

export interface MatrixChat extends ChatAdapter {
  /** Resolves when every event synced so far has been handled and its sync position stored. */
  idle(): Promise<void>;
  /** The bot's user ID once started (it is only known after a login). */
  userId(): string | undefined;
}

/**
 * A homeserver refuses an event over 65,536 bytes, envelope (sender, room, signatures, hashes)
 * included; the content gets what is left after a generous allowance for that.
 */
const CONTENT_MAX_BYTES = 60_000;
const withinLimit = (content: unknown) =>
  Buffer.byteLength(JSON.stringify(content)) <= CONTENT_MAX_BYTES;

export interface MatrixChatOptions {
  /** How long one /sync waits on the server for news (default 30 s). */
  readonly pollTimeoutMs?: number;
  readonly retry?: RetryPolicy;
}

interface Running {
  readonly session: MatrixSession;
  readonly people: People;
  readonly loop: SyncLoop;
  readonly idle: () => Promise<void>;
  readonly roomOf: (reference: string) => Promise<string>;
  readonly stopping: AbortController;
}

/**
 * The Matrix chat platform, on matrix-js-sdk (no end-to-end encryption). Incidents get
 * invite-only rooms; `!inc …` works in any room the bot is in; bot messages are `m.notice`
 * with HTML; the summary is pinned and edited in place; 📌 reactions and pins put messages on
 * the timeline. Every homeserver call is retried when rate-limited.
 */
export function createMatrixChat(
  config: MatrixConfig,
  deps: PlatformDeps,
  options: MatrixChatOptions = {},
): MatrixChat {
  const log = deps.log.child({ platform: MATRIX });
  const policy = options.retry ?? DEFAULT_RETRY;
  const directory = createRoomDirectory();
  let running: Running | undefined;
  // The commander each room's power levels were last raised for, so an edit only costs a request when it changed.
  const raisedFor = new Map<string, string>();

  const current = (): Running => {
    if (!running) throw new Error("the Matrix chat has not been started");
    return running;
  };
  const call = <T>(label: string, fn: () => Promise<T>): Promise<T> =>
    retryRateLimited(label, fn, { policy, log, signal: current().stopping.signal });

  const format = (message: OutboundMessage) =>
    formatMessage(message.text, {
      nameOf: (userId) => running?.people.knownName(userId),
      people: (message.summary?.roles ?? []).map((holder) => ({
        label: holder.role,
        name: holder.name,
        id: holder.id,
      })),
    });

  /** The summary names the commander: a new one gets the commander power level in the room. */
  async function followCommander(roomId: string, summary: SummaryView | undefined): Promise<void> {
    const commander = summary?.roles.find((holder) => holder.role === "commander");
    if (!commander || !isUserId(commander.id) || raisedFor.get(roomId) === commander.id) return;
    try {
      const { client } = current().session;
      await raisePowerLevel(call, client, roomId, commander.id, config.commanderPowerLevel);
      raisedFor.set(roomId, commander.id);
    } catch (error) {
      log.warn({ err: error, room: roomId }, "could not raise the commander's power level");
    }
  }

  async function onInvite(roomId: string, inviter: string): Promise<void> {
    const { client } = current().session;
    if (isInviteAllowed(inviter, config.allowInvitesFrom)) {
      await call("join", () => client.joinRoom(roomId));
      log.info({ room: roomId, inviter }, "joined a room on invitation");
    } else {
      await call("leave", () => client.leave(roomId));
      // Said at warn, with the key and the entries that would allow it: a declined invitation is
      // most often an operator who has not yet listed their own account or server.
      log.warn(
        {
          room: roomId,
          inviter,
          configKey: "matrix.allowInvitesFrom",
          wouldAllow: [inviter, serverOf(inviter)],
        },
        `declined an invitation from ${inviter}: add "${inviter}" (or its server "${serverOf(inviter)}") to matrix.allowInvitesFrom in firebreak.yaml to accept it`,
      );
    }
  }

  // Matrix has no buttons: a ✅ reaction on a message that offered an action runs it.
  const actions = new Map<string, string>();
  const rememberAction = (eventId: string, command: string) => {
    actions.set(eventId, command);
    if (actions.size > 200) actions.delete(actions.keys().next().value as string);
  };

  const roomContext = () => {
    const { session } = current();
    return {
      client: session.client,
      userId: session.userId,
      serverName: session.serverName,
      config,
      log,
      call,
    };
  };

  return {
    platform: MATRIX,
    commandPrefix: config.commandPrefix,

    async start(handlers) {
      const stopping = new AbortController();
      const session = await openMatrixSession(config, {
        chatState: deps.store.chatState,
        clock: deps.clock,
        log,
        retry: policy,
      });
      const people = createPeople({
        client: session.client,
        directory,
        serverName: session.serverName,
        log,
      });
      const dispatch = createDispatcher({
        handlers,
        client: session.client,
        people,
        directory,
        pins: createPinReactions(deps.store.chatState, deps.clock),
        log,
        actions,
      });
      const positionKey = `sync:${session.userId}`;
      const processor = createSyncProcessor({
        session,
        directory,
        dispatch,
        onInvite,
        savePosition: (token) =>
          deps.store.chatState.set(MATRIX, positionKey, token, deps.clock.now().toISOString()),
        log,
      });
      const loop = startSyncLoop({
        session,
        since: deps.store.chatState.get(MATRIX, positionKey),
        pollTimeoutMs: options.pollTimeoutMs ?? 30_000,
        log,
        onSync: processor.process,
      });
      running = {
        session,
        people,
        loop,
        idle: processor.idle,
        stopping,
        roomOf: createRoomRefs({ client: session.client, serverName: session.serverName, call }),
      };
      try {
        await loop.ready;
      } catch (error) {
        running = undefined;
        throw error;
      }
      if (loop.isConnected()) log.info({ user: session.userId }, "connected to Matrix");
      else
        log.warn(
          { user: session.userId },
          "Matrix is not reachable yet; retrying in the background",
        );
    },

    async stop() {
      const was = running;
      if (!was) return;
      await was.loop.stop();
      // Handlers still running finish (a rate-limit wait is cut short) before the position is final.
      was.stopping.abort();
      await was.idle();
      was.session.client.stopClient();
      running = undefined;
    },

    isConnected: () => running?.loop.isConnected() ?? false,

    async openRoom(incident, roomOptions) {
      const room = await createIncidentRoom(roomContext(), incident, roomOptions);
      if (incident.roles.commander) raisedFor.set(room.roomId, incident.roles.commander.id);
      return room;
    },

    async invite(roomId, people) {
      const ctx = roomContext();
      await inviteUsers(ctx, roomId, inviteesOf({ invite: people }, ctx.userId, ctx.serverName));
    },

    async post(roomId, message) {
      const { session, roomOf } = current();
      const room = await roomOf(roomId);
      const [action] = message.actions ?? [];
      const shown = action
        ? { ...message, text: `${message.text}\nOr react ✅ to this message: ${action.label}.` }
        : message;
      const contentOf = (text: string) =>
        noticeContent(format({ ...shown, text }), message.threadOf);
      const fits: Fits = (text) => withinLimit(contentOf(text));
      // A long answer (a timeline) goes out as several events, each within the limit, HTML included.
      const parts = splitToFit(shown.text, fits);
      const eventIds: string[] = [];
      for (const [index, part] of parts.entries()) {
        // One transaction ID for every attempt: a retried send is the same event, not a second
        // one. The outbox's key keeps it the same across a crash and restart too.
        const key = message.idempotencyKey;
        const txnId = key ? `fb.${key}${index === 0 ? "" : `.${index}`}` : randomUUID();
        const { event_id } = await call("send", () =>
          session.client.sendEvent(room, EventType.RoomMessage, contentOf(part), txnId),
        );
        eventIds.push(event_id);
      }
      const [event_id = "", ...more] = eventIds;
      // The ✅ hint ends the text, so the reaction belongs on the last part.
      const actionEvent = more.at(-1) ?? event_id;
      if (action) rememberAction(actionEvent, `${config.commandPrefix} ${action.command}`);
      if (message.pin) {
        await pinMessage(call, session.client, room, event_id).catch((error: unknown) => {
          log.warn({ err: error, room }, "could not pin the message");
        });
      }
      await followCommander(room, message.summary);
      return { messageId: event_id };
    },

    async edit(roomId, messageId, message) {
      const { session, roomOf } = current();
      const room = await roomOf(roomId);
      // An edit replaces one event: what does not fit is clipped.
      const replacing = (text: string) =>
        replacementContent(messageId, format({ ...message, text }));
      const text = clipToFit(message.text, (candidate) => withinLimit(replacing(candidate)));
      const content = replacing(text);
      const txnId = randomUUID();
      await call("edit", () =>
        session.client.sendEvent(room, EventType.RoomMessage, content, txnId),
      );
      await followCommander(room, message.summary);
    },

    async resolveUser(reference) {
      return running ? running.people.resolve(reference) : { id: reference, name: reference };
    },

    idle: () => running?.idle() ?? Promise.resolve(),
    userId: () => running?.session.userId,
  };
}
