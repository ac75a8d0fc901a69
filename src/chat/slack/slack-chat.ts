import { App } from "@slack/bolt";
import type { ChatHandlers } from "../../core/chat-port.ts";
import { FirebreakError } from "../../core/firebreak-error.ts";
import type { ChatAdapter, PlatformDeps } from "../chat-adapter.ts";
import { createSlackChannelIds } from "./slack-channel-ids.ts";
import { type RetryOptions, slackClientOptions } from "./slack-client-options.ts";
import type { SlackConfig } from "./slack-config.ts";
import { createSlackHttpReceiver } from "./slack-http-receiver.ts";
import { registerSlackListeners } from "./slack-listeners.ts";
import { slackLogger } from "./slack-logger.ts";
import { createSlackMessages } from "./slack-messages.ts";
import { createSlackPeople } from "./slack-people.ts";
import { createRateWindow } from "./slack-rate-window.ts";
import { createSlackResponseUrls } from "./slack-response-urls.ts";
import { createSlackRooms } from "./slack-rooms.ts";
import { createSlackSocketMode } from "./slack-socket-mode.ts";

export interface SlackChatOptions {
  /** Web API retries (default: a few, with backoff; 429s wait their Retry-After). */
  readonly retryConfig?: RetryOptions;
  /** conversations.create is Tier 2 (20+ a minute); default 20 a minute. */
  readonly channelCreations?: { readonly limit: number; readonly windowMs: number };
  /** How long an HTTP request may wait for a listener's ack (Slack gives up after 3 s). */
  readonly ackTimeoutMs?: number;
}

export interface SlackChat extends ChatAdapter {
  /** Resolves once everything Slack delivered so far has been handled (tests, shutdown). */
  whenIdle(): Promise<void>;
}

/**
 * Slack, through Bolt: HTTP mode on Firebreak's own port (POST /slack/events) or Socket Mode when
 * an app-level token is set. The adapter only translates: events become ChatHandlers calls, and
 * the core's rooms and messages become Web API calls.
 */
export function createSlackChat(
  config: SlackConfig,
  deps: PlatformDeps,
  options: SlackChatOptions = {},
): SlackChat {
  const log = deps.log.child({ component: "slack" });
  const logger = slackLogger(log);
  const clientOptions = slackClientOptions(config.apiUrl, options.retryConfig);
  const socket = config.appToken
    ? createSlackSocketMode({ appToken: config.appToken, logger, clientOptions })
    : undefined;
  const http =
    !socket && config.signingSecret
      ? createSlackHttpReceiver({
          signingSecret: config.signingSecret,
          clock: deps.clock,
          log,
          ...(options.ackTimeoutMs === undefined ? {} : { ackTimeoutMs: options.ackTimeoutMs }),
        })
      : undefined;
  const receiver = socket?.receiver ?? http;
  if (!receiver) {
    throw new FirebreakError(
      "invalid_config",
      "Slack needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode).",
    );
  }
  const bolt = new App({
    token: config.botToken,
    receiver,
    logger,
    clientOptions: { ...clientOptions },
    // Bolt's per-conversation state store is for apps that keep dialogue state; Firebreak has none.
    convoStore: false,
    // auth.test runs in start(), not in the constructor: building the adapter touches no network.
    deferInitialization: true,
  });

  let handlers: ChatHandlers | undefined;
  let started = false;
  let botUserId: string | undefined;
  const inFlight = new Set<Promise<void>>();
  const now = () => deps.clock.now();
  const people = createSlackPeople(bolt.client, log);
  const responseUrls = createSlackResponseUrls();
  const messages = createSlackMessages({
    client: bolt.client,
    channelIds: createSlackChannelIds(deps.store.chatState),
    responseUrls,
    log,
    now,
  });
  const creations = options.channelCreations ?? { limit: 20, windowMs: 60_000 };
  const rooms = createSlackRooms({
    client: bolt.client,
    people,
    channelPrefix: config.channelPrefix,
    createWindow: createRateWindow(creations.limit, creations.windowMs),
    log,
    botUserId: () => botUserId,
  });

  registerSlackListeners(bolt, {
    commands: config.commands,
    people,
    responseUrls,
    clock: deps.clock,
    log,
    dispatch(label, work) {
      const current = handlers;
      if (!current) return;
      const job = work(current)
        .catch((error: unknown) => log.error({ err: error, event: label }, "Slack event failed"))
        .finally(() => inFlight.delete(job));
      inFlight.add(job);
    },
  });

  const whenIdle = async () => {
    while (inFlight.size > 0) await Promise.all(inFlight);
  };

  return {
    platform: "slack",
    commandPrefix: config.commands[0] ?? "/incident",
    privateReplies: true,
    registerHttp(routes) {
      http?.register(routes);
    },
    async start(chatHandlers) {
      handlers = chatHandlers;
      // auth.test: a wrong token stops start-up here rather than at the first incident.
      await bolt.init();
      const identity = await bolt.client.auth.test();
      botUserId = identity.user_id;
      await bolt.start();
      started = true;
      log.info(
        { mode: socket ? "socket" : "http", team: identity.team, bot: identity.user },
        "Slack connected",
      );
    },
    async stop() {
      started = false;
      await (socket ? socket.stop() : bolt.stop());
      await whenIdle();
      handlers = undefined;
    },
    isConnected: () => started && (socket ? socket.isConnected() : true),
    openRoom: (incident, roomOptions) => rooms.openRoom(incident, roomOptions),
    invite: (roomId, people) => rooms.invite(roomId, people),
    post: (roomId, message) => messages.post(roomId, message),
    edit: (roomId, messageId, message) => messages.edit(roomId, messageId, message),
    async resolveUser(reference) {
      const person = await people.find(reference);
      if (person) return person;
      throw new FirebreakError(
        "unknown_user",
        `Nobody in this Slack workspace is called "${reference}". Mention them, like @alice.`,
      );
    },
    whenIdle,
  };
}
