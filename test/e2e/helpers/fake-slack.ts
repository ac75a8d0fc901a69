import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Logger, pino } from "pino";
import { type WebSocket, WebSocketServer } from "ws";
import { type App, createApp } from "../../../src/app.ts";
import {
  createSlackChat,
  type SlackChat,
  type SlackChatOptions,
} from "../../../src/chat/slack/slack-chat.ts";
import { type Config, loadConfig } from "../../../src/config/config.ts";
import { type ManualClock, manualClock } from "../../../src/core/clock.ts";

/**
 * A fake Slack on 127.0.0.1: the Web API methods Firebreak uses, answering with the JSON shapes
 * Slack documents (and its error codes: name_taken, not_in_channel, …), a response_url endpoint,
 * and a Socket Mode WebSocket. It records every call with its arguments, and can be told to answer
 * 429 with Retry-After or an error, once or a few times.
 */

export const BOT_TOKEN = "xoxb-firebreak-test";
export const APP_TOKEN = "xapp-1-firebreak-test";
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const BOT_USER = "U0BOT";
const BOT_ID = "B0BOT";
const TEAM = "T0FAKE";

export interface SlackCall {
  readonly method: string;
  /** The arguments as sent (form fields are strings; `blocks` is parsed back from its JSON). */
  readonly args: Record<string, unknown>;
  /** The bearer token it carried. */
  readonly token: string | undefined;
  /** When it arrived (ms since the epoch). */
  readonly at: number;
}

export interface FakeUser {
  readonly id: string;
  readonly name: string;
  readonly realName: string;
  readonly displayName: string;
  readonly isBot?: boolean;
  readonly deleted?: boolean;
}

export interface FakeMessage {
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  blocks?: unknown;
  thread_ts?: string;
  pinned?: boolean;
}

export interface FakeChannel {
  readonly id: string;
  readonly name: string;
  readonly isPrivate: boolean;
  topic: string;
  readonly members: Set<string>;
  readonly messages: FakeMessage[];
}

const USERS: readonly FakeUser[] = [
  { id: BOT_USER, name: "firebreak", realName: "Firebreak", displayName: "", isBot: true },
  { id: "U0ALICE", name: "alice.l", realName: "Alice Liddell", displayName: "Alice" },
  { id: "U0BOB", name: "bob", realName: "Bob Ross", displayName: "Bob R." },
  { id: "U0CAROL", name: "carol", realName: "Carol Danvers", displayName: "" },
  { id: "U0GONE", name: "gone", realName: "Gone Away", displayName: "", deleted: true },
];

/** A Block Kit block as Firebreak sent it, as far as the tests look into it. */
export interface SlackBlock {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { action_id?: string; value?: string; text?: { text: string } | string }[];
}

type Answer = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };

export interface FakeSlack {
  /** SLACK_API_URL for Firebreak: `http://127.0.0.1:<port>/api/`. */
  readonly apiUrl: string;
  readonly calls: SlackCall[];
  /** Method names in the order they arrived (auth.test and users.* left out unless asked). */
  methods(options?: { all?: boolean }): string[];
  callsTo(method: string): SlackCall[];
  channel(idOrName: string): FakeChannel | undefined;
  /** A channel that already exists in the workspace (its name is taken). */
  addChannel(
    name: string,
    options?: { id?: string; isPrivate?: boolean; botIsMember?: boolean },
  ): FakeChannel;
  addMessage(channelId: string, message: FakeMessage): void;
  /** The next `times` calls of `method` answer `{ok: false, error}`. */
  fail(method: string, error: string, times?: number): void;
  /** The next `times` calls of `method` answer HTTP 429 with Retry-After. */
  rateLimit(method: string, retryAfterSeconds: number, times?: number): void;
  /** While down, every Web API call but auth.test answers HTTP 503 (an outage on Slack's side). */
  setDown(down: boolean): void;
  /** Resolves when `predicate` holds (polled), or fails after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** Socket Mode: the connected client sockets and what they sent. */
  readonly sockets: WebSocket[];
  readonly socketMessages: Record<string, unknown>[];
  /** Sends an envelope to every connected Socket Mode client. */
  sendEnvelope(envelope: Record<string, unknown>): void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (raw === "") return {};
  if (contentType.startsWith("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const key of ["blocks", "attachments"]) {
    if (typeof args[key] === "string") args[key] = JSON.parse(args[key] as string);
  }
  return args;
}

function userJson(user: FakeUser) {
  return {
    id: user.id,
    team_id: TEAM,
    name: user.name,
    deleted: user.deleted ?? false,
    real_name: user.realName,
    is_bot: user.isBot ?? false,
    profile: {
      real_name: user.realName,
      real_name_normalized: user.realName,
      display_name: user.displayName,
      display_name_normalized: user.displayName,
      team: TEAM,
    },
  };
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const users = new Map(USERS.map((user) => [user.id, user]));
  const channels = new Map<string, FakeChannel>();
  const scripted: { method: string; answer: Answer; times: number }[] = [];
  let down = false;
  const sockets: WebSocket[] = [];
  const socketMessages: Record<string, unknown>[] = [];
  let nextChannel = 1;
  let lastTs = Math.floor(Date.now() / 1000) * 1_000_000;

  const nextTs = () => {
    lastTs = Math.max(lastTs + 1, Date.now() * 1000);
    return `${Math.floor(lastTs / 1_000_000)}.${String(lastTs % 1_000_000).padStart(6, "0")}`;
  };

  const addChannel: FakeSlack["addChannel"] = (name, options = {}) => {
    const channel: FakeChannel = {
      id: options.id ?? `C0CH${nextChannel++}`,
      name,
      isPrivate: options.isPrivate ?? false,
      topic: "",
      members: new Set(["U0ALICE", "U0BOB", ...(options.botIsMember === false ? [] : [BOT_USER])]),
      messages: [],
    };
    channels.set(channel.id, channel);
    return channel;
  };
  addChannel("general", { id: "C0GENERAL" });
  addChannel("incidents", { id: "C0INCIDENTS" });
  addChannel("secret-plans", { id: "C0SECRET", isPrivate: true, botIsMember: false });

  const byIdOrName = (value: unknown): FakeChannel | undefined => {
    if (typeof value !== "string") return undefined;
    const name = value.replace(/^#/, "");
    return channels.get(value) ?? [...channels.values()].find((c) => c.name === name);
  };

  const channelJson = (channel: FakeChannel) => ({
    id: channel.id,
    name: channel.name,
    is_channel: !channel.isPrivate,
    is_group: channel.isPrivate,
    is_im: false,
    is_private: channel.isPrivate,
    is_archived: false,
    is_general: channel.name === "general",
    is_member: channel.members.has(BOT_USER),
    created: Math.floor(Date.now() / 1000),
    creator: BOT_USER,
    name_normalized: channel.name,
    topic: { value: channel.topic, creator: BOT_USER, last_set: Math.floor(Date.now() / 1000) },
    purpose: { value: "", creator: "", last_set: 0 },
  });

  const error = (code: string): Answer => ({ body: { ok: false, error: code } });

  // Where the bot must be a member to write, as in Slack.
  const writable = (value: unknown): FakeChannel | Answer => {
    const channel = byIdOrName(value);
    if (!channel) return error("channel_not_found");
    if (!channel.members.has(BOT_USER)) {
      return error(channel.isPrivate ? "channel_not_found" : "not_in_channel");
    }
    return channel;
  };

  const methods: Record<
    string,
    (args: Record<string, unknown>, token: string | undefined) => Answer
  > = {
    "auth.test": () => ({
      body: {
        ok: true,
        url: "https://firebreak-test.slack.com/",
        team: "Firebreak Test",
        user: "firebreak",
        team_id: TEAM,
        user_id: BOT_USER,
        bot_id: BOT_ID,
        is_enterprise_install: false,
      },
    }),
    "apps.connections.open": (_args, token) => {
      if (!token?.startsWith("xapp-")) return error("not_allowed_token_type");
      return {
        body: { ok: true, url: `ws://127.0.0.1:${port()}/link/?ticket=fake-ticket&app_id=A0FAKE` },
      };
    },
    "conversations.create": (args) => {
      const name = String(args.name ?? "");
      if (name === "") return error("invalid_name_required");
      if (name.length > 80) return error("invalid_name_maxlength");
      if (!/^[a-z0-9_-]+$/.test(name)) return error("invalid_name_specials");
      if (/^[-_]+$/.test(name)) return error("invalid_name_punctuation");
      if (byIdOrName(name)) return error("name_taken");
      const channel = addChannel(name, {
        id: `C0INC${nextChannel++}`,
        isPrivate: args.is_private === "true",
      });
      channel.members.clear();
      channel.members.add(BOT_USER);
      return { body: { ok: true, channel: channelJson(channel) } };
    },
    "conversations.setTopic": (args) => {
      const channel = writable(args.channel);
      if ("body" in channel) return channel;
      const topic = String(args.topic ?? "");
      if (topic.length > 250) return error("too_long");
      channel.topic = topic;
      return { body: { ok: true, channel: channelJson(channel) } };
    },
    "conversations.invite": (args) => {
      const channel = writable(args.channel);
      if ("body" in channel) return channel;
      const ids = String(args.users ?? "")
        .split(",")
        .filter((id) => id !== "");
      if (ids.length === 0) return error("no_user");
      if (ids.includes(BOT_USER)) return error("cant_invite_self");
      const unknown = ids.filter((id) => !users.has(id) || users.get(id)?.deleted);
      if (unknown.length > 0 && args.force !== "true") return error("user_not_found");
      const valid = ids.filter((id) => !unknown.includes(id));
      if (valid.length === 1 && channel.members.has(valid[0] as string)) {
        return error("already_in_channel");
      }
      for (const id of valid) channel.members.add(id);
      return {
        body: {
          ok: true,
          channel: channelJson(channel),
          ...(unknown.length > 0
            ? { errors: unknown.map((user) => ({ user, ok: false, error: "user_not_found" })) }
            : {}),
        },
      };
    },
    "conversations.history": (args) => {
      const channel = byIdOrName(args.channel);
      if (!channel) return error("channel_not_found");
      const inclusive = args.inclusive === "true" || args.inclusive === "1";
      const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
      const oldest = args.oldest === undefined ? 0 : Number(args.oldest);
      const limit = args.limit === undefined ? 100 : Number(args.limit);
      const found = channel.messages
        .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
        .filter((m) => {
          const ts = Number(m.ts);
          return inclusive ? ts <= latest && ts >= oldest : ts < latest && ts > oldest;
        })
        .sort((a, b) => Number(b.ts) - Number(a.ts));
      return {
        body: {
          ok: true,
          messages: found.slice(0, limit).map((m) => ({ type: "message", ...m })),
          has_more: found.length > limit,
          pin_count: 0,
        },
      };
    },
    "conversations.replies": (args) => {
      const channel = byIdOrName(args.channel);
      if (!channel) return error("channel_not_found");
      const ts = String(args.ts ?? "");
      const message = channel.messages.find((m) => m.ts === ts);
      if (!message) return error("thread_not_found");
      const parent = message.thread_ts ?? message.ts;
      const thread = channel.messages
        .filter((m) => m.ts === parent || m.thread_ts === parent)
        .sort((a, b) => Number(a.ts) - Number(b.ts));
      return {
        body: {
          ok: true,
          messages: thread.map((m) => ({ type: "message", ...m })),
          has_more: false,
        },
      };
    },
    "chat.postMessage": (args) => {
      const channel = writable(args.channel);
      if ("body" in channel) return channel;
      if (!args.text && !args.blocks) return error("no_text");
      const message: FakeMessage = {
        ts: nextTs(),
        text: String(args.text ?? ""),
        user: BOT_USER,
        bot_id: BOT_ID,
        ...(args.blocks ? { blocks: args.blocks } : {}),
        ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
      };
      channel.messages.push(message);
      return {
        body: {
          ok: true,
          channel: channel.id,
          ts: message.ts,
          message: { type: "message", app_id: "A0FAKE", team: TEAM, ...message },
        },
      };
    },
    "chat.postEphemeral": (args) => {
      const channel = writable(args.channel);
      if ("body" in channel) return channel;
      if (!users.has(String(args.user))) return error("user_not_found");
      if (!args.text && !args.blocks) return error("no_text");
      return { body: { ok: true, message_ts: nextTs() } };
    },
    "chat.update": (args) => {
      // chat.update takes only a channel ID, never a name.
      const channel = channels.get(String(args.channel));
      if (!channel) return error("channel_not_found");
      const message = channel.messages.find((m) => m.ts === args.ts);
      if (!message) return error("message_not_found");
      if (message.user !== BOT_USER) return error("cant_update_message");
      message.text = String(args.text ?? message.text);
      if (args.blocks !== undefined) message.blocks = args.blocks;
      return {
        body: {
          ok: true,
          channel: channel.id,
          ts: message.ts,
          text: message.text,
          message: { type: "message", ...message },
        },
      };
    },
    "pins.add": (args) => {
      const channel = writable(args.channel);
      if ("body" in channel) return channel;
      const message = channel.messages.find((m) => m.ts === args.timestamp);
      if (!message) return error("message_not_found");
      if (message.pinned) return error("already_pinned");
      message.pinned = true;
      return { body: { ok: true } };
    },
    "users.info": (args) => {
      const user = users.get(String(args.user));
      return user ? { body: { ok: true, user: userJson(user) } } : error("user_not_found");
    },
    "users.list": (args) => {
      const limit = Number(args.limit ?? 0) || 1000;
      const start = Number(args.cursor ?? 0) || 0;
      const all = [...users.values()];
      const page = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : "";
      return {
        body: {
          ok: true,
          members: page.map(userJson),
          cache_ts: Math.floor(Date.now() / 1000),
          response_metadata: { next_cursor: next },
        },
      };
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(request);
    const contentType = request.headers["content-type"] ?? "";
    const send = (answer: Answer) => {
      response.writeHead(answer.status ?? 200, {
        "content-type": "application/json; charset=utf-8",
        ...answer.headers,
      });
      response.end(JSON.stringify(answer.body));
    };
    if (url.pathname.startsWith("/response/")) {
      calls.push({
        method: "response_url",
        args: parseArgs(raw, contentType),
        token: undefined,
        at: Date.now(),
      });
      return send({ body: { ok: true } });
    }
    const method = url.pathname.replace(/^\/api\//, "");
    const args = parseArgs(raw, contentType);
    const token =
      /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ??
      (args.token as string | undefined);
    calls.push({ method, args, token, at: Date.now() });
    if (down && method !== "auth.test") {
      return send({ status: 503, body: { ok: false, error: "service_unavailable" } });
    }
    const script = scripted.find((s) => s.method === method && s.times > 0);
    if (script) {
      script.times--;
      return send(script.answer);
    }
    if (method !== "apps.connections.open" && token !== BOT_TOKEN)
      return send(error("invalid_auth"));
    const implementation = methods[method];
    send(implementation ? implementation(args, token) : error("unknown_method"));
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((err: unknown) => {
      response.writeHead(500);
      response.end(String(err));
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (socket) => {
    sockets.push(socket);
    socket.on("message", (data) => {
      socketMessages.push(JSON.parse(String(data)) as Record<string, unknown>);
    });
    // What Slack sends first on every Socket Mode connection.
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: 1,
        debug_info: { host: "applink-fake", approximate_connection_time: 18060 },
        connection_info: { app_id: "A0FAKE" },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = () => (server.address() as AddressInfo).port;

  return {
    apiUrl: `http://127.0.0.1:${port()}/api/`,
    calls,
    methods(options = {}) {
      return calls
        .map((call) => call.method)
        .filter((m) => options.all || !(m === "auth.test" || m.startsWith("users.")));
    },
    callsTo: (method) => calls.filter((call) => call.method === method),
    channel: byIdOrName,
    addChannel,
    addMessage(channelId, message) {
      const channel = channels.get(channelId);
      if (!channel) throw new Error(`no channel ${channelId}`);
      channel.messages.push(message);
    },
    fail(method, code, times = 1) {
      scripted.push({ method, answer: error(code), times });
    },
    setDown(value) {
      down = value;
    },
    rateLimit(method, retryAfterSeconds, times = 1) {
      scripted.push({
        method,
        answer: {
          status: 429,
          headers: { "retry-after": String(retryAfterSeconds) },
          body: { ok: false, error: "ratelimited" },
        },
        times,
      });
    },
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline)
          throw new Error(`timed out; Slack saw: ${calls.map((c) => c.method).join(", ")}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    sockets,
    socketMessages,
    sendEnvelope(envelope) {
      for (const socket of sockets) socket.send(JSON.stringify(envelope));
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Slack's v0 signature: HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** The two headers Slack signs a request with. */
export function signedHeaders(body: string, timestamp: number, secret = SIGNING_SECRET) {
  return {
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": slackSignature(secret, timestamp, body),
  };
}

export interface SlashCommandFields {
  command?: string;
  text: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  responseUrl?: string;
}

/** A slash command's fields as Slack sends them (Alice, in #general, unless told otherwise). */
export function slashCommand(fields: SlashCommandFields): Record<string, string> {
  return {
    token: "deprecated-verification-token",
    team_id: TEAM,
    team_domain: "firebreak-test",
    channel_id: fields.channelId ?? "C0GENERAL",
    channel_name: fields.channelName ?? "general",
    user_id: fields.userId ?? "U0ALICE",
    user_name: fields.userName ?? "alice.l",
    command: fields.command ?? "/incident",
    text: fields.text,
    api_app_id: "A0FAKE",
    is_enterprise_install: "false",
    response_url: fields.responseUrl ?? "https://hooks.slack.com/commands/T0FAKE/1/x",
    trigger_id: "13345224609.738474920.8088930838d88f008e0",
  };
}

/** A slash command as HTTP mode posts it: a form. */
export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams(slashCommand(fields)).toString();
}

/** Interactivity (buttons, shortcuts): a form with one `payload` field of JSON. */
export function interactivityBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The user in an interactivity payload. */
function payloadUser(userId = "U0ALICE") {
  return { id: userId, username: "alice.l", name: "alice.l", team_id: TEAM };
}

export function buttonPayload(fields: {
  actionId: string;
  value: string;
  channelId: string;
  userId?: string;
  messageTs?: string;
  responseUrl?: string;
}): Record<string, unknown> {
  const now = Date.now() / 1000;
  return {
    type: "block_actions",
    user: payloadUser(fields.userId),
    api_app_id: "A0FAKE",
    token: "deprecated-verification-token",
    container: {
      type: "message",
      message_ts: fields.messageTs ?? "1",
      channel_id: fields.channelId,
      is_ephemeral: false,
    },
    trigger_id: "1234.5678.abcd",
    team: { id: TEAM, domain: "firebreak-test" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: fields.channelId, name: "incident" },
    message: { type: "message", user: BOT_USER, ts: fields.messageTs ?? "1", text: "summary" },
    state: { values: {} },
    response_url: fields.responseUrl ?? "https://hooks.slack.com/actions/T0FAKE/1/x",
    actions: [
      {
        type: "button",
        action_id: fields.actionId,
        block_id: "firebreak_summary_actions",
        text: { type: "plain_text", text: "Button", emoji: true },
        value: fields.value,
        action_ts: now.toFixed(6),
      },
    ],
  };
}

export function messageShortcutPayload(fields: {
  channelId: string;
  message: { ts: string; text: string; user: string };
  userId?: string;
}): Record<string, unknown> {
  return {
    type: "message_action",
    token: "deprecated-verification-token",
    action_ts: (Date.now() / 1000).toFixed(6),
    team: { id: TEAM, domain: "firebreak-test" },
    user: payloadUser(fields.userId),
    channel: { id: fields.channelId, name: "incident" },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: "add_to_timeline",
    trigger_id: "1234.5678.abcd",
    response_url: "https://hooks.slack.com/app/T0FAKE/1/x",
    message_ts: fields.message.ts,
    message: { type: "message", ...fields.message },
  };
}

/** A 📌 (or other) reaction from Alice on one of Bob's messages, added or removed. */
export function reactionEvent(fields: {
  channel: string;
  ts: string;
  type?: "reaction_added" | "reaction_removed";
  reaction?: string;
  eventTs?: string;
}): Record<string, unknown> {
  return {
    type: fields.type ?? "reaction_added",
    user: "U0ALICE",
    reaction: fields.reaction ?? "pushpin",
    item_user: "U0BOB",
    item: { type: "message", channel: fields.channel, ts: fields.ts },
    event_ts: fields.eventTs ?? "1763457000.000100",
  };
}

let eventCounter = 0;

/** The Events API envelope around an event, as Slack posts it to the request URL. */
export function eventCallback(event: Record<string, unknown>): Record<string, unknown> {
  eventCounter++;
  return {
    token: "deprecated-verification-token",
    team_id: TEAM,
    api_app_id: "A0FAKE",
    event,
    type: "event_callback",
    event_id: `Ev0${eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: TEAM,
        user_id: BOT_USER,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

type Answered = { status: number; text: string; ms: number };

export interface SlackApp {
  readonly app: App;
  readonly slack: SlackChat;
  readonly fake: FakeSlack;
  readonly clock: ManualClock;
  readonly config: Config;
  /** Firebreak's HTTP address. */
  readonly address: string;
  /** POSTs a body to one of Firebreak's endpoints, with exactly these headers (none signed). */
  post(
    path: string,
    contentType: string,
    body: string,
    headers?: Record<string, string>,
  ): Promise<Answered>;
  /** POSTs a body to /slack/events, signed (with the app clock's time) unless told otherwise. */
  send(
    body: string,
    contentType: "application/json" | "application/x-www-form-urlencoded",
    options?: { timestamp?: number; signature?: string; secret?: string },
  ): Promise<Answered>;
  command(text: string, fields?: Partial<SlashCommandFields>): Promise<Answered>;
  /** `/incident declare <args>`, settled; the ID of the channel of the newest incident. */
  declare(args: string, fields?: Partial<SlashCommandFields>): Promise<string>;
  event(event: Record<string, unknown>): Promise<Answered>;
  interact(payload: Record<string, unknown>): Promise<Answered>;
  /** Waits until the adapter and the app's chat queue have nothing left to do. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface SlackAppOptions {
  readonly yaml?: string;
  readonly socketMode?: boolean;
  readonly slack?: SlackChatOptions;
  /** Where the app logs (default: silent, or SLACK_TEST_LOG's level). */
  readonly log?: Logger;
}

/**
 * The whole bot with the Slack adapter pointed at a fresh fake: the real Bolt app behind
 * Firebreak's real HTTP server, a fresh SQLite file, a manual clock, quick retries.
 */
export async function startSlackApp(options: SlackAppOptions = {}): Promise<SlackApp> {
  const fake = await startFakeSlack();
  const dataDir = mkdtempSync(join(tmpdir(), "firebreak-slack-"));
  if (options.yaml) writeFileSync(join(dataDir, "firebreak.yaml"), options.yaml);
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    ...(options.socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
  };
  const config: Config = { ...loadConfig({ cwd: dataDir }, env), dataDir, port: 0 };
  const clock = manualClock("2026-11-18T09:12:40Z");
  const log = options.log ?? pino({ level: process.env.SLACK_TEST_LOG ?? "silent" });
  const slackConfig = config.slack;
  if (!slackConfig) throw new Error("the Slack config did not load");
  let slack: SlackChat | undefined;
  const app = createApp({
    config,
    clock,
    log,
    summaryDelayMs: 10,
    chats: (store) => {
      slack = createSlackChat(
        slackConfig,
        { store, clock, log },
        {
          retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 },
          ...options.slack,
        },
      );
      return [slack];
    },
  });
  const address = await app.start();
  if (!slack) throw new Error("the app did not create the Slack adapter");
  const chat = slack;

  const post: SlackApp["post"] = async (path, contentType, body, headers = {}) => {
    const started = performance.now();
    const response = await fetch(`${address}${path}`, {
      method: "POST",
      headers: { "content-type": contentType, ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, text, ms: performance.now() - started };
  };

  const send: SlackApp["send"] = (body, contentType, signing = {}) => {
    const timestamp = signing.timestamp ?? Math.floor(clock.now().getTime() / 1000);
    return post("/slack/events", contentType, body, {
      ...signedHeaders(body, timestamp, signing.secret),
      ...(signing.signature === undefined ? {} : { "x-slack-signature": signing.signature }),
    });
  };

  const command: SlackApp["command"] = (text, fields = {}) =>
    send(slashCommandBody({ text, ...fields }), "application/x-www-form-urlencoded");

  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await chat.whenIdle();
      await app.drain();
    }
  };

  return {
    app,
    slack: chat,
    fake,
    clock,
    config,
    address,
    post,
    send,
    command,
    async declare(args, fields = {}) {
      await command(`declare ${args}`, fields);
      await settle();
      const newest = Math.max(0, ...app.service.list().map((incident) => incident.number));
      const rooms = app.store.rooms.listForIncident(newest);
      return rooms.find((room) => room.platform === "slack")?.roomId ?? "";
    },
    event: (event) => send(JSON.stringify(eventCallback(event)), "application/json"),
    interact: (payload) => send(interactivityBody(payload), "application/x-www-form-urlencoded"),
    settle,
    async close() {
      // A fake left down (a test that failed mid-outage) would keep the backlog from draining.
      fake.setDown(false);
      await settle();
      await app.stop();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The bots a test file starts, closed together: `const apps = slackApps();`,
 * `afterEach(apps.closeAll);`, then `const t = await apps.start();` in a test.
 */
export function slackApps(): {
  start(options?: SlackAppOptions): Promise<SlackApp>;
  closeAll(): Promise<void>;
} {
  const open: SlackApp[] = [];
  return {
    async start(options) {
      const started = await startSlackApp(options);
      open.push(started);
      return started;
    },
    async closeAll() {
      for (const started of open.splice(0)) await started.close();
    },
  };
}
