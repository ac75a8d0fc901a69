// The Firebreak that takes the storm: createApp with the real Slack adapter (HTTP mode) and the
// real Matrix adapter, pointed at the fakes the bench runs (or the console chat when
// BENCH_STORM_CHAT=console). Every call the core makes on a chat port (open a room, post, edit)
// is counted per room. Messages: "drain" → app.drain(); "report" → per-room counts; "stop".
import type { App } from "../src/app.ts";
import type { ChatAdapter } from "../src/chat/chat-adapter.ts";
import { loadLikeTheCli } from "../src/cli/load-like-cli.ts";
import { fail, type Message, tell } from "./lib.ts";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

type CallKind = "openRoom" | "post" | "edit";
type Calls = Map<string, Record<CallKind, number>>;

/** The adapter, with its openRoom/post/edit calls counted by (platform, room). */
function counted(inner: ChatAdapter, calls: Calls): ChatAdapter {
  const count = (roomId: string, kind: CallKind) => {
    const key = `${inner.platform}\u0000${roomId}`;
    const room = calls.get(key) ?? { openRoom: 0, post: 0, edit: 0 };
    room[kind]++;
    calls.set(key, room);
  };
  const overrides: Partial<ChatAdapter> = {
    async openRoom(incident, options) {
      const room = await inner.openRoom(incident, options);
      count(room.roomId, "openRoom");
      return room;
    },
    async post(roomId, message) {
      count(roomId, "post");
      return inner.post(roomId, message);
    },
    async edit(roomId, messageId, message) {
      count(roomId, "edit");
      return inner.edit(roomId, messageId, message);
    },
  };
  return new Proxy(inner, {
    get(target, key) {
      const own = overrides[key as keyof ChatAdapter];
      if (own !== undefined) return own;
      const value = Reflect.get(target, key) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

try {
  loadLikeTheCli();
  const [
    { pino },
    { createApp },
    { systemClock },
    { loadConfig },
    { createConsoleChat },
    { createMatrixChat },
    { createSlackChat },
  ] = await Promise.all([
    import("pino"),
    import("../src/app.ts"),
    import("../src/core/clock.ts"),
    import("../src/config/config.ts"),
    import("../src/chat/console-chat.ts"),
    import("../src/chat/matrix/matrix-chat.ts"),
    import("../src/chat/slack/slack-chat.ts"),
  ]);
  const mode = process.env.BENCH_STORM_CHAT === "console" ? "console" : "slack+matrix";
  const dataDir = env("BENCH_DATA_DIR");
  const platformEnv: Record<string, string> =
    mode === "console"
      ? {}
      : {
          SLACK_BOT_TOKEN: env("BENCH_SLACK_BOT_TOKEN"),
          SLACK_SIGNING_SECRET: env("BENCH_SLACK_SIGNING_SECRET"),
          SLACK_API_URL: env("BENCH_SLACK_API_URL"),
          MATRIX_HOMESERVER_URL: env("BENCH_MATRIX_URL"),
          MATRIX_ACCESS_TOKEN: env("BENCH_MATRIX_TOKEN"),
          MATRIX_USER_ID: env("BENCH_MATRIX_USER"),
        };
  const config = {
    ...loadConfig({ cwd: dataDir }, platformEnv),
    dataDir,
    host: "127.0.0.1",
    port: 0,
  };
  const log = pino({ level: "silent" });
  const calls: Calls = new Map();
  const app: App = createApp({
    config,
    clock: systemClock,
    log,
    chats: (store) => {
      if (mode === "console") {
        const chat = createConsoleChat({
          write: () => {},
          clock: systemClock,
          room: "general",
          user: "bench",
        });
        return [counted(chat, calls)];
      }
      const deps = { store, clock: systemClock, log };
      if (!config.slack || !config.matrix) throw new Error("Slack or Matrix did not configure");
      return [
        // The fake does not rate-limit conversations.create; Slack's own Tier 2 limit (about 20 a
        // minute, which the adapter respects by default) would otherwise pace 50 rooms over 2.5
        // minutes, measuring Slack rather than Firebreak.
        counted(
          createSlackChat(config.slack, deps, {
            channelCreations: { limit: 1000, windowMs: 60_000 },
          }),
          calls,
        ),
        counted(createMatrixChat(config.matrix, deps, { pollTimeoutMs: 2_000 }), calls),
      ];
    },
  });
  const address = await app.start();

  process.on("message", (message: Message) => {
    if (message.type === "drain") {
      const started = performance.now();
      void app.drain().then(
        () => tell({ type: "drained", ms: performance.now() - started }),
        (error: unknown) => fail(error),
      );
    } else if (message.type === "report") {
      const rooms = [...calls.entries()].map(([key, kinds]) => {
        const [platform = "", roomId = ""] = key.split("\u0000");
        const incident = app.store.rooms.findByRoom(platform, roomId)?.incidentNumber ?? null;
        const total = kinds.openRoom + kinds.post + kinds.edit;
        return { platform, roomId, incident, calls: total, ...kinds };
      });
      tell({ type: "report", incidents: app.store.incidents.list().length, rooms });
    } else if (message.type === "stop") {
      void app
        .stop()
        .catch(() => {})
        .finally(() => process.exit(0));
    }
  });
  tell({ type: "ready", address, mode });
} catch (error) {
  fail(error);
}
