import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type Logger, pino } from "pino";
import { type App, createApp } from "../../../src/app.ts";
import { createMatrixChat, type MatrixChat } from "../../../src/chat/matrix/matrix-chat.ts";
import { type Config, loadConfig, type MatrixConfig } from "../../../src/config/config.ts";
import { systemClock } from "../../../src/core/clock.ts";

/**
 * A small Matrix homeserver on 127.0.0.1 for tests: the client-server API endpoints that
 * matrix-js-sdk and the Matrix adapter call (versions, capabilities, pushrules, login, whoami,
 * filter, sync with long-polling, createRoom, invite, join, leave, send with transaction IDs,
 * state, redact, event, messages, members, profile, directory), following the spec
 * (https://spec.matrix.org/latest/client-server-api/). Rooms hold real state, computed from their
 * events, with membership and power levels enforced. Tests act as "human" users directly, and can
 * make the next calls of an endpoint fail with 429 M_LIMIT_EXCEEDED.
 */

export const SERVER_NAME = "fake.test";

export type Content = Record<string, unknown>;

export interface FakeEvent {
  readonly event_id: string;
  readonly room_id: string;
  readonly type: string;
  readonly sender: string;
  readonly origin_server_ts: number;
  content: Content;
  readonly state_key?: string;
  readonly unsigned: Content;
  /** Stream position: sync tokens are `s<pos>`. */
  readonly pos: number;
}

/** An event's `m.relates_to` (an edit, a reaction, a thread reply), if it has one. */
export const relation = (event: FakeEvent) => event.content["m.relates_to"] as Content | undefined;

/** Which of a user's `m.room.message` events: all, only new messages, or only edits (`m.replace`). */
export type MessageKind = "all" | "posts" | "edits";

interface Room {
  readonly id: string;
  readonly events: FakeEvent[];
}

interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** A Matrix error answer: `{errcode, error}` with an HTTP status. */
export class MatrixFailure extends Error {
  readonly status: number;
  readonly errcode: string;
  constructor(status: number, errcode: string, message: string) {
    super(message);
    this.status = status;
    this.errcode = errcode;
  }
}

const fail = (status: number, errcode: string, message: string): never => {
  throw new MatrixFailure(status, errcode, message);
};

const random = (bytes = 12) => randomBytes(bytes).toString("base64url");
const token = (pos: number) => `s${pos}`;
const parseToken = (value: string | null): number | undefined => {
  if (value === null) return undefined;
  const match = /^s(\d+)$/.exec(value);
  return match ? Number(match[1]) : fail(400, "M_INVALID_PARAM", `bad token ${value}`);
};
const stateKey = (type: string, key: string) => `${type}\u0000${key}`;

export interface CreateRoomBody {
  readonly name?: string;
  readonly topic?: string;
  readonly preset?: string;
  readonly visibility?: string;
  readonly room_alias_name?: string;
  readonly invite?: readonly string[];
  readonly initial_state?: readonly { type: string; state_key?: string; content: Content }[];
  readonly power_level_content_override?: Content;
  readonly creation_content?: Content;
}

export async function startFakeHomeserver() {
  const users = new Map<string, { displayname: string; password: string | undefined }>();
  const tokens = new Map<string, { userId: string; deviceId: string }>();
  const rooms = new Map<string, Room>();
  const aliases = new Map<string, string>();
  const transactions = new Map<string, string>();
  const filters = new Map<string, unknown>();
  const waiters = new Set<() => void>();
  const limits: { method: string; path: RegExp; remaining: number; retryAfterMs: number }[] = [];
  // Requests the server carries out but whose answer never reaches the client (a cut connection).
  const lostAnswers: { method: string; path: RegExp; remaining: number }[] = [];
  let down = false;
  const requests: RequestRecord[] = [];
  const syncedSince = new Map<string, number>();
  let position = 0;

  // --- room state -------------------------------------------------------------------------

  const room = (roomId: string): Room =>
    rooms.get(roomId) ?? fail(404, "M_NOT_FOUND", `unknown room ${roomId}`);

  function stateAt(r: Room, maxPos = Number.POSITIVE_INFINITY): Map<string, FakeEvent> {
    const state = new Map<string, FakeEvent>();
    for (const event of r.events) {
      if (event.pos > maxPos) break;
      if (event.state_key !== undefined) state.set(stateKey(event.type, event.state_key), event);
    }
    return state;
  }

  const stateEvent = (r: Room, type: string, key = "", maxPos?: number) =>
    stateAt(r, maxPos).get(stateKey(type, key));

  const membership = (r: Room, userId: string, maxPos?: number): string | undefined => {
    const value = stateEvent(r, "m.room.member", userId, maxPos)?.content.membership;
    return typeof value === "string" ? value : undefined;
  };

  function powerLevel(r: Room, userId: string): number {
    const levels = stateEvent(r, "m.room.power_levels")?.content ?? {};
    const own = (levels.users as Record<string, number> | undefined)?.[userId];
    return own ?? (levels.users_default as number | undefined) ?? 0;
  }

  function required(r: Room, key: string, fallback: number, eventType?: string): number {
    const levels = stateEvent(r, "m.room.power_levels")?.content ?? {};
    if (eventType) {
      const specific = (levels.events as Record<string, number> | undefined)?.[eventType];
      if (specific !== undefined) return specific;
    }
    const value = levels[key];
    return typeof value === "number" ? value : fallback;
  }

  const mustBeJoined = (r: Room, userId: string) => {
    if (membership(r, userId) !== "join") fail(403, "M_FORBIDDEN", `${userId} is not in ${r.id}`);
  };

  function append(
    r: Room,
    event: { type: string; sender: string; content: Content; state_key?: string; ts?: number },
  ): FakeEvent {
    const unsigned: Content = {};
    if (event.state_key !== undefined) {
      const previous = stateEvent(r, event.type, event.state_key);
      if (previous) {
        unsigned.prev_content = previous.content;
        unsigned.replaces_state = previous.event_id;
      }
    }
    const created: FakeEvent = {
      event_id: `$${random(18)}`,
      room_id: r.id,
      type: event.type,
      sender: event.sender,
      origin_server_ts: event.ts ?? Date.now(),
      content: event.content,
      ...(event.state_key !== undefined ? { state_key: event.state_key } : {}),
      unsigned,
      pos: ++position,
    };
    r.events.push(created);
    for (const wake of [...waiters]) wake();
    return created;
  }

  const displayName = (userId: string) =>
    users.get(userId)?.displayname ?? userId.slice(1, userId.indexOf(":"));

  // --- actions (the same for HTTP clients and test "humans") ------------------------------

  function createRoom(creator: string, body: CreateRoomBody = {}): string {
    const alias = body.room_alias_name ? `#${body.room_alias_name}:${SERVER_NAME}` : undefined;
    if (alias && aliases.has(alias)) fail(400, "M_ROOM_IN_USE", `${alias} is taken`);
    const r: Room = { id: `!${random()}:${SERVER_NAME}`, events: [] };
    rooms.set(r.id, r);
    const preset = body.preset ?? (body.visibility === "public" ? "public_chat" : "private_chat");
    const invitees = body.invite ?? [];
    const state = (type: string, content: Content, key = "") =>
      append(r, { type, sender: creator, content, state_key: key });
    state("m.room.create", { room_version: "11", ...body.creation_content });
    state("m.room.member", { membership: "join", displayname: displayName(creator) }, creator);
    const users: Record<string, number> = { [creator]: 100 };
    if (preset === "trusted_private_chat") for (const id of invitees) users[id] = 100;
    state("m.room.power_levels", {
      users,
      users_default: 0,
      events: {
        "m.room.name": 50,
        "m.room.power_levels": 100,
        "m.room.history_visibility": 100,
        "m.room.canonical_alias": 50,
        "m.room.tombstone": 100,
        "m.room.encryption": 100,
      },
      events_default: 0,
      state_default: 50,
      ban: 50,
      kick: 50,
      redact: 50,
      invite: 0,
      ...body.power_level_content_override,
    });
    if (alias) {
      aliases.set(alias, r.id);
      state("m.room.canonical_alias", { alias });
    }
    state("m.room.join_rules", { join_rule: preset === "public_chat" ? "public" : "invite" });
    state("m.room.history_visibility", { history_visibility: "shared" });
    state("m.room.guest_access", {
      guest_access: preset === "public_chat" ? "forbidden" : "can_join",
    });
    for (const extra of body.initial_state ?? []) state(extra.type, extra.content, extra.state_key);
    if (body.name !== undefined) state("m.room.name", { name: body.name });
    if (body.topic !== undefined) {
      state("m.room.topic", {
        topic: body.topic,
        "m.topic": [{ body: body.topic, mimetype: "text/plain" }],
      });
    }
    for (const id of invitees) invite(r.id, creator, id);
    return r.id;
  }

  function invite(roomId: string, sender: string, target: string): void {
    const r = room(roomId);
    mustBeJoined(r, sender);
    if (powerLevel(r, sender) < required(r, "invite", 0)) fail(403, "M_FORBIDDEN", "cannot invite");
    if (target.endsWith(`:${SERVER_NAME}`) && !users.has(target)) {
      fail(404, "M_NOT_FOUND", `unknown user ${target}`);
    }
    const current = membership(r, target);
    if (current === "join" || current === "ban") {
      fail(403, "M_FORBIDDEN", `${target} is already in the room`);
    }
    append(r, {
      type: "m.room.member",
      sender,
      state_key: target,
      content: { membership: "invite", displayname: displayName(target) },
    });
  }

  function join(roomIdOrAlias: string, userId: string): string {
    const roomId = roomIdOrAlias.startsWith("#")
      ? (aliases.get(roomIdOrAlias) ?? fail(404, "M_NOT_FOUND", "unknown alias"))
      : roomIdOrAlias;
    const r = room(roomId);
    const current = membership(r, userId);
    if (current === "join") return roomId;
    const rule = stateEvent(r, "m.room.join_rules")?.content.join_rule;
    if (current !== "invite" && rule !== "public") fail(403, "M_FORBIDDEN", "not invited");
    append(r, {
      type: "m.room.member",
      sender: userId,
      state_key: userId,
      content: { membership: "join", displayname: displayName(userId) },
    });
    return roomId;
  }

  function leave(roomId: string, userId: string): void {
    const r = room(roomId);
    const current = membership(r, userId);
    if (current !== "join" && current !== "invite") fail(403, "M_FORBIDDEN", "not in the room");
    append(r, {
      type: "m.room.member",
      sender: userId,
      state_key: userId,
      content: { membership: "leave" },
    });
  }

  function send(
    roomId: string,
    sender: string,
    type: string,
    content: Content,
    ts?: number,
  ): FakeEvent {
    const r = room(roomId);
    mustBeJoined(r, sender);
    if (powerLevel(r, sender) < required(r, "events_default", 0, type)) {
      fail(403, "M_FORBIDDEN", `cannot send ${type}`);
    }
    return append(r, { type, sender, content, ...(ts !== undefined ? { ts } : {}) });
  }

  function setState(
    roomId: string,
    sender: string,
    type: string,
    key: string,
    content: Content,
  ): FakeEvent {
    const r = room(roomId);
    mustBeJoined(r, sender);
    if (powerLevel(r, sender) < required(r, "state_default", 50, type)) {
      fail(403, "M_FORBIDDEN", `cannot set ${type}`);
    }
    return append(r, { type, sender, content, state_key: key });
  }

  function redact(roomId: string, sender: string, targetId: string, reason?: string): FakeEvent {
    const r = room(roomId);
    mustBeJoined(r, sender);
    const target =
      r.events.find((event) => event.event_id === targetId) ??
      fail(404, "M_NOT_FOUND", "unknown event");
    if (target.sender !== sender && powerLevel(r, sender) < required(r, "redact", 50)) {
      fail(403, "M_FORBIDDEN", "cannot redact");
    }
    // Room version 11: `redacts` lives in the content.
    const redaction = append(r, {
      type: "m.room.redaction",
      sender,
      content: { redacts: targetId, ...(reason ? { reason } : {}) },
    });
    const kept: Content = {};
    if (target.type === "m.room.member") kept.membership = target.content.membership;
    if (target.type === "m.room.create" || target.type === "m.room.power_levels") {
      Object.assign(kept, target.content);
    }
    target.content = kept;
    target.unsigned.redacted_because = clientEvent(redaction);
    return redaction;
  }

  // --- wire format --------------------------------------------------------------------------

  function clientEvent(event: FakeEvent): Content {
    const { pos: _pos, ...rest } = event;
    return { ...rest, unsigned: { ...event.unsigned, age: Date.now() - event.origin_server_ts } };
  }

  /** An event with its latest edit bundled, as servers do from Matrix 1.7. */
  function withEdit(r: Room, event: FakeEvent): Content {
    const edits = r.events.filter((candidate) => {
      const relation = candidate.content["m.relates_to"] as Content | undefined;
      return (
        candidate.sender === event.sender &&
        relation?.rel_type === "m.replace" &&
        relation.event_id === event.event_id
      );
    });
    const latest = edits.at(-1);
    const base = clientEvent(event);
    if (!latest) return base;
    return {
      ...base,
      unsigned: {
        ...(base.unsigned as Content),
        "m.relations": { "m.replace": clientEvent(latest) },
      },
    };
  }

  const stripped = (event: FakeEvent) => ({
    type: event.type,
    state_key: event.state_key,
    sender: event.sender,
    content: event.content,
  });

  function timelineLimit(filterParam: string | null): number {
    let filter: unknown;
    if (filterParam?.startsWith("{")) filter = JSON.parse(filterParam);
    else if (filterParam) filter = filters.get(filterParam);
    const limit = (filter as { room?: { timeline?: { limit?: number } } } | undefined)?.room
      ?.timeline?.limit;
    return typeof limit === "number" ? limit : 10;
  }

  function syncFor(userId: string, since: number | undefined, limit: number) {
    const join: Record<string, unknown> = {};
    const invite: Record<string, unknown> = {};
    const leave: Record<string, unknown> = {};
    for (const r of rooms.values()) {
      const now = membership(r, userId);
      const before = since === undefined ? undefined : membership(r, userId, since);
      const fresh = r.events.filter((event) => since === undefined || event.pos > since);
      if (now === "join") {
        if (since !== undefined && fresh.length === 0) continue;
        const newlyJoined = since === undefined || before !== "join";
        const timeline = fresh.slice(-limit);
        const start = timeline[0] ? timeline[0].pos - 1 : position;
        let state: FakeEvent[];
        if (newlyJoined) {
          state = [...stateAt(r, start).values()];
        } else {
          const gap = new Map<string, FakeEvent>();
          for (const event of fresh) {
            if (event.pos <= start && event.state_key !== undefined) {
              gap.set(stateKey(event.type, event.state_key), event);
            }
          }
          state = [...gap.values()];
        }
        join[r.id] = {
          timeline: {
            events: timeline.map(clientEvent),
            limited: fresh.length > timeline.length,
            prev_batch: token(start),
          },
          state: { events: state.map(clientEvent) },
          ephemeral: { events: [] },
          account_data: { events: [] },
        };
      } else if (now === "invite") {
        const own = stateEvent(r, "m.room.member", userId);
        if (since !== undefined && own && own.pos <= since) continue;
        const shown = [
          "m.room.create",
          "m.room.name",
          "m.room.join_rules",
          "m.room.canonical_alias",
        ]
          .flatMap((type) => stateEvent(r, type) ?? [])
          .concat(own ?? []);
        invite[r.id] = { invite_state: { events: shown.map(stripped) } };
      } else if (since !== undefined && (before === "join" || before === "invite")) {
        leave[r.id] = { timeline: { events: fresh.map(clientEvent) }, state: { events: [] } };
      }
    }
    const empty =
      Object.keys(join).length + Object.keys(invite).length + Object.keys(leave).length === 0;
    return {
      empty,
      body: {
        next_batch: token(position),
        rooms: { join, invite, leave },
        presence: { events: [] },
        account_data: { events: [] },
        to_device: { events: [] },
        device_lists: { changed: [], left: [] },
      },
    };
  }

  // --- HTTP --------------------------------------------------------------------------------

  async function readJson(req: IncomingMessage): Promise<Content> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    if (text === "") return {};
    try {
      return JSON.parse(text) as Content;
    } catch {
      return fail(400, "M_NOT_JSON", "body is not JSON");
    }
  }

  function authenticate(req: IncomingMessage, url: URL): string {
    const header = req.headers.authorization;
    const given = header?.startsWith("Bearer ")
      ? header.slice("Bearer ".length)
      : url.searchParams.get("access_token");
    if (!given) return fail(401, "M_MISSING_TOKEN", "no access token");
    return tokens.get(given)?.userId ?? fail(401, "M_UNKNOWN_TOKEN", "unknown access token");
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<{ status?: number; body: unknown }> {
    const method = req.method ?? "GET";
    if (url.pathname === "/_matrix/client/versions") {
      return { body: { versions: ["v1.1", "v1.5", "v1.11", "v1.12"], unstable_features: {} } };
    }
    const prefix = /^\/_matrix\/client\/(?:v3|r0|v1)(\/.*)$/.exec(url.pathname);
    if (!prefix?.[1]) return fail(404, "M_UNRECOGNIZED", "unknown endpoint");
    const parts = prefix[1].split("/").slice(1).map(decodeURIComponent);
    const [first, second, third, fourth, fifth] = parts;
    const body = method === "GET" ? {} : await readJson(req);

    if (first === "login") {
      if (method === "GET") return { body: { flows: [{ type: "m.login.password" }] } };
      const identifier = body.identifier as Content | undefined;
      const name = String(identifier?.user ?? body.user ?? "");
      const userId = name.startsWith("@") ? name : `@${name}:${SERVER_NAME}`;
      const account = users.get(userId);
      if (!account?.password || account.password !== body.password) {
        return fail(403, "M_FORBIDDEN", "Invalid username or password");
      }
      const deviceId = typeof body.device_id === "string" ? body.device_id : random(6);
      const accessToken = `syt_${random()}`;
      tokens.set(accessToken, { userId, deviceId });
      return {
        body: {
          user_id: userId,
          access_token: accessToken,
          device_id: deviceId,
          home_server: SERVER_NAME,
        },
      };
    }
    if (first === "profile" && second) {
      const account = users.get(second) ?? fail(404, "M_NOT_FOUND", "no such profile");
      return { body: { displayname: account.displayname } };
    }

    const userId = authenticate(req, url);
    if (first === "account" && second === "whoami") {
      const device = [...tokens.values()].find((entry) => entry.userId === userId);
      return { body: { user_id: userId, device_id: device?.deviceId } };
    }
    if (first === "capabilities") {
      return {
        body: {
          capabilities: {
            "m.change_password": { enabled: false },
            "m.room_versions": { default: "11", available: { "11": "stable" } },
          },
        },
      };
    }
    if (first === "pushrules") {
      return {
        body: { global: { override: [], content: [], room: [], sender: [], underride: [] } },
      };
    }
    if (first === "user" && third === "filter") {
      if (second !== userId) fail(403, "M_FORBIDDEN", "not your filter");
      if (method === "POST") {
        const id = String(filters.size + 1);
        filters.set(id, body);
        return { body: { filter_id: id } };
      }
      return { body: filters.get(fourth ?? "") ?? fail(404, "M_NOT_FOUND", "no such filter") };
    }
    if (first === "sync") {
      const since = parseToken(url.searchParams.get("since"));
      syncedSince.set(userId, since ?? -1);
      const timeout = Number(url.searchParams.get("timeout") ?? 0);
      const limit = timelineLimit(url.searchParams.get("filter"));
      let answer = syncFor(userId, since, limit);
      if (answer.empty && since !== undefined && timeout > 0) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          };
          const timer = setTimeout(done, timeout);
          waiters.add(done);
          res.on("close", done);
        });
        answer = syncFor(userId, since, limit);
      }
      return { body: answer.body };
    }
    if (first === "createRoom" && method === "POST") {
      return { body: { room_id: createRoom(userId, body as CreateRoomBody) } };
    }
    if (first === "join" && second && method === "POST") {
      return { body: { room_id: join(second, userId) } };
    }
    if (first === "directory" && second === "room" && third) {
      const roomId = aliases.get(third) ?? fail(404, "M_NOT_FOUND", "unknown alias");
      return { body: { room_id: roomId, servers: [SERVER_NAME] } };
    }
    if (first !== "rooms" || !second) return fail(404, "M_UNRECOGNIZED", "unknown endpoint");

    const roomId = second;
    const r = room(roomId);
    switch (third) {
      case "invite":
        invite(roomId, userId, String(body.user_id));
        return { body: {} };
      case "join":
        return { body: { room_id: join(roomId, userId) } };
      case "leave":
        leave(roomId, userId);
        return { body: {} };
      case "send": {
        const key = `${userId}|${fourth}|${fifth}`;
        const known = transactions.get(key);
        if (known) return { body: { event_id: known } };
        const event = send(roomId, userId, fourth ?? "", body);
        transactions.set(key, event.event_id);
        return { body: { event_id: event.event_id } };
      }
      case "redact": {
        const key = `${userId}|redact|${fifth}`;
        const known = transactions.get(key);
        if (known) return { body: { event_id: known } };
        const reason = typeof body.reason === "string" ? body.reason : undefined;
        const event = redact(roomId, userId, fourth ?? "", reason);
        transactions.set(key, event.event_id);
        return { body: { event_id: event.event_id } };
      }
      case "state": {
        if (!fourth) {
          mustBeJoined(r, userId);
          return { body: [...stateAt(r).values()].map(clientEvent) };
        }
        if (method === "PUT") {
          return {
            body: { event_id: setState(roomId, userId, fourth, fifth ?? "", body).event_id },
          };
        }
        mustBeJoined(r, userId);
        const event = stateEvent(r, fourth, fifth ?? "");
        return { body: event?.content ?? fail(404, "M_NOT_FOUND", "no such state") };
      }
      case "event": {
        mustBeJoined(r, userId);
        const event =
          r.events.find((candidate) => candidate.event_id === fourth) ??
          fail(404, "M_NOT_FOUND", "no such event");
        return { body: withEdit(r, event) };
      }
      case "messages": {
        mustBeJoined(r, userId);
        const from = parseToken(url.searchParams.get("from")) ?? position;
        const to = parseToken(url.searchParams.get("to"));
        const limit = Number(url.searchParams.get("limit") ?? 10);
        const backwards = url.searchParams.get("dir") !== "f";
        const range = r.events.filter((event) =>
          backwards
            ? event.pos <= from && (to === undefined || event.pos > to)
            : event.pos > from && (to === undefined || event.pos <= to),
        );
        const ordered = backwards ? range.reverse() : range;
        const chunk = ordered.slice(0, limit);
        const last = chunk.at(-1);
        const more = ordered.length > chunk.length && last;
        return {
          body: {
            start: token(from),
            chunk: chunk.map(clientEvent),
            ...(more ? { end: token(backwards ? last.pos - 1 : last.pos) } : {}),
          },
        };
      }
      case "joined_members": {
        mustBeJoined(r, userId);
        const joined: Record<string, unknown> = {};
        for (const event of stateAt(r).values()) {
          if (event.type === "m.room.member" && event.content.membership === "join") {
            joined[event.state_key ?? ""] = { display_name: event.content.displayname ?? null };
          }
        }
        return { body: { joined } };
      }
      case "members": {
        mustBeJoined(r, userId);
        const chunk = [...stateAt(r).values()].filter((event) => event.type === "m.room.member");
        return { body: { chunk: chunk.map(clientEvent) } };
      }
      default:
        return fail(404, "M_UNRECOGNIZED", "unknown endpoint");
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const answer = (status: number, body: unknown) => {
      requests.push({ method, path: url.pathname, status });
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const limited = limits.find(
      (limit) => limit.remaining > 0 && limit.method === method && limit.path.test(url.pathname),
    );
    if (down && !url.pathname.endsWith("/sync") && method !== "GET") {
      req.resume();
      answer(503, { errcode: "M_UNKNOWN", error: "Service unavailable" });
      return;
    }
    const lose = lostAnswers.find(
      (entry) => entry.remaining > 0 && entry.method === method && entry.path.test(url.pathname),
    );
    if (lose) {
      lose.remaining--;
      requests.push({ method, path: url.pathname, status: 0 }); // 0: no answer reached the client
      route(req, res, url).then(
        () => res.destroy(),
        () => res.destroy(),
      );
      return;
    }
    if (limited) {
      limited.remaining--;
      req.resume();
      answer(429, {
        errcode: "M_LIMIT_EXCEEDED",
        error: "Too many requests",
        retry_after_ms: limited.retryAfterMs,
      });
      return;
    }
    route(req, res, url).then(
      (result) => answer(result.status ?? 200, result.body),
      (error: unknown) => {
        if (error instanceof MatrixFailure) {
          answer(error.status, { errcode: error.errcode, error: error.message });
        } else {
          answer(500, { errcode: "M_UNKNOWN", error: String(error) });
        }
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const roomOf = (roomId: string) => room(roomId);

  const roomsNamed = (name: string): string[] =>
    [...rooms.values()]
      .filter((r) => stateEvent(r, "m.room.name")?.content.name === name)
      .map((r) => r.id);

  const messagesFrom = (roomId: string, sender: string, kind: MessageKind = "all") =>
    roomOf(roomId).events.filter((event) => {
      if (event.sender !== sender || event.type !== "m.room.message") return false;
      if (kind === "all") return true;
      return (relation(event)?.rel_type === "m.replace") === (kind === "edits");
    });

  return {
    url: `http://127.0.0.1:${port}`,
    serverName: SERVER_NAME,
    /** Every request answered so far, in order. */
    requests: requests as readonly RequestRecord[],

    /** Creates an account; returns its user ID. */
    registerUser(localpart: string, displayname: string, password?: string): string {
      const userId = `@${localpart}:${SERVER_NAME}`;
      users.set(userId, { displayname, password });
      return userId;
    },
    /** A fresh access token for the user, as an admin would create one. */
    tokenFor(userId: string): string {
      const accessToken = `syt_${random()}`;
      tokens.set(accessToken, { userId, deviceId: random(6) });
      return accessToken;
    },
    createRoom,
    invite,
    join,
    leave,
    /** A user says something (`m.text`), optionally at a given origin_server_ts. */
    say(roomId: string, sender: string, body: string, ts?: number): string {
      return send(roomId, sender, "m.room.message", { msgtype: "m.text", body }, ts).event_id;
    },
    send(roomId: string, sender: string, type: string, content: Content, ts?: number): string {
      return send(roomId, sender, type, content, ts).event_id;
    },
    react(roomId: string, sender: string, targetId: string, key: string): string {
      return send(roomId, sender, "m.reaction", {
        "m.relates_to": { rel_type: "m.annotation", event_id: targetId, key },
      }).event_id;
    },
    edit(roomId: string, sender: string, targetId: string, body: string): string {
      return send(roomId, sender, "m.room.message", {
        msgtype: "m.text",
        body: `* ${body}`,
        "m.new_content": { msgtype: "m.text", body },
        "m.relates_to": { rel_type: "m.replace", event_id: targetId },
      }).event_id;
    },
    redact(roomId: string, sender: string, targetId: string): string {
      return redact(roomId, sender, targetId).event_id;
    },
    setState(roomId: string, sender: string, type: string, key: string, content: Content): string {
      return setState(roomId, sender, type, key, content).event_id;
    },

    /** The room's events, oldest first. */
    events(roomId: string): readonly FakeEvent[] {
      return roomOf(roomId).events;
    },
    /** The `m.room.message` events a user (usually the bot) sent in a room, oldest first. */
    messagesFrom,
    /** What a user (usually the bot) said in a room, oldest first: the bodies of `messagesFrom`. */
    saidBy(roomId: string, sender: string, kind: MessageKind = "all"): string[] {
      return messagesFrom(roomId, sender, kind).map((event) => String(event.content.body));
    },
    /** Current state content, or undefined. */
    state(roomId: string, type: string, key = ""): Content | undefined {
      return stateEvent(roomOf(roomId), type, key)?.content;
    },
    membership(roomId: string, userId: string): string | undefined {
      return membership(roomOf(roomId), userId);
    },
    /** Rooms whose current name is this. */
    roomsNamed,
    /** The room whose current name is this (the first one); throws when there is none. */
    roomNamed(name: string): string {
      const [roomId] = roomsNamed(name);
      if (!roomId) throw new Error(`no room named ${name}`);
      return roomId;
    },
    aliasOf(alias: string): string | undefined {
      return aliases.get(alias);
    },
    /** The stream position: everything that happened so far is at or before it. */
    position: () => position,
    /** The `since` of the user's latest /sync: the client has taken in everything up to it. */
    syncedSince: (userId: string) => syncedSince.get(userId),
    /** The next `times` requests of this method to a matching path answer 429 M_LIMIT_EXCEEDED. */
    rateLimit(method: string, path: RegExp, times = 1, retryAfterMs = 50): void {
      limits.push({ method, path, remaining: times, retryAfterMs });
    },
    /** The next `times` matching requests are carried out, but the connection drops before the answer. */
    loseAnswers(method: string, path: RegExp, times = 1): void {
      lostAnswers.push({ method, path, remaining: times });
    },
    /** While down, every write (createRoom, send, invite, state) answers 503; reads and /sync still work. */
    setDown(value: boolean): void {
      down = value;
    },
    async close(): Promise<void> {
      for (const wake of [...waiters]) wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeHomeserver = Awaited<ReturnType<typeof startFakeHomeserver>>;

/** Waits until `check` returns something truthy (and returns it), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | null | false,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// --- the whole bot against the fake ------------------------------------------------------------

export interface MatrixApp {
  readonly app: App;
  readonly config: Config;
  readonly chat: MatrixChat;
  readonly dataDir: string;
  /** Waits until the bot has synced everything that happened so far and handled it. */
  settle(): Promise<void>;
  /** Stops the bot, keeping its data directory (for a restart). */
  stop(): Promise<void>;
  /** Stops the bot and deletes its data directory. */
  close(): Promise<void>;
}

export interface MatrixAppOptions {
  /** Reuse the data directory of an earlier run (a restart). */
  readonly dataDir?: string;
  readonly yaml?: string;
  /** Puts files in the data directory before the app starts (`./commands` there is the default commands folder). */
  readonly prepare?: (dataDir: string) => void;
  /** Overrides of the Matrix settings; the default is the bot's token and user ID. */
  readonly matrix?: Partial<MatrixConfig>;
  readonly bot: string;
  /** Where the app logs (default: silent). */
  readonly log?: Logger;
}

/** createApp with the Matrix adapter pointing at the fake, a temp data dir, port 0, pino silent. */
export async function startMatrixApp(
  fake: FakeHomeserver,
  options: MatrixAppOptions,
): Promise<MatrixApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "firebreak-matrix-"));
  if (options.yaml) writeFileSync(join(dataDir, "firebreak.yaml"), options.yaml);
  options.prepare?.(dataDir);
  const config: Config = { ...loadConfig({ cwd: dataDir }, {}), dataDir, port: 0 };
  const matrix: MatrixConfig = {
    homeserverUrl: fake.url,
    accessToken: fake.tokenFor(options.bot),
    userId: options.bot,
    user: undefined,
    password: undefined,
    commandPrefix: "!inc",
    allowInvitesFrom: [],
    roomAliasPrefix: undefined,
    commanderPowerLevel: 50,
    ...options.matrix,
  };
  const log = options.log ?? pino({ level: "silent" });
  let chat: MatrixChat | undefined;
  const app = createApp({
    config,
    clock: systemClock,
    log,
    summaryDelayMs: 0,
    chats: (store) => {
      chat = createMatrixChat(
        matrix,
        { store, clock: systemClock, log },
        { pollTimeoutMs: 2000, retry: { maxAttempts: 5, maxDelayMs: 200 } },
      );
      return [chat];
    },
  });
  try {
    await app.start();
  } catch (error) {
    await app.stop().catch(() => {});
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const started = chat as MatrixChat;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.stop();
  };
  return {
    app,
    config,
    chat: started,
    dataDir,
    async settle() {
      const target = fake.position();
      const bot = started.userId() ?? options.bot;
      await eventually(() => (fake.syncedSince(bot) ?? -2) >= target, "the bot to sync");
      await started.idle();
      await app.drain();
    },
    stop,
    async close() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
