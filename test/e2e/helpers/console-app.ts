import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { type Logger, pino } from "pino";
import { type App, createApp } from "../../../src/app.ts";
import { type ConsoleChat, createConsoleChat } from "../../../src/chat/console-chat.ts";
import { type Config, loadConfig } from "../../../src/config/config.ts";
import type { ChatHandlers } from "../../../src/core/chat-port.ts";
import { type ManualClock, manualClock } from "../../../src/core/clock.ts";

export interface ConsoleApp {
  readonly app: App;
  readonly chat: ConsoleChat;
  readonly clock: ManualClock;
  readonly config: Config;
  /** Every line the console printed so far. */
  readonly lines: string[];
  /** The address the HTTP server listens on. */
  readonly address: string;
  /** What the app registered with the chat adapter. */
  handlers(): ChatHandlers;
  /** Lines printed since the last call. */
  take(): string[];
  close(): Promise<void>;
}

/** The whole bot on the console chat, a fresh SQLite file and a manual clock. */
export async function startConsoleApp(
  options: {
    input?: Readable;
    config?: Partial<Config>;
    yaml?: string;
    log?: Logger;
    siteRetryMs?: number;
  } = {},
): Promise<ConsoleApp> {
  const dataDir = mkdtempSync(join(tmpdir(), "firebreak-app-"));
  if (options.yaml) writeFileSync(join(dataDir, "firebreak.yaml"), options.yaml);
  const config: Config = {
    ...loadConfig({ cwd: dataDir }, {}),
    dataDir,
    port: 0,
    ...options.config,
  };
  const clock = manualClock("2026-11-18T09:12:40Z");
  const lines: string[] = [];
  let seen = 0;
  const chat = createConsoleChat({
    write: (line) => lines.push(line),
    clock,
    room: "general",
    user: "alice",
    ...(options.input ? { input: options.input } : {}),
  });
  // Keep the handlers the app registers, to play events the console cannot produce (edits).
  let handlers: ChatHandlers | undefined;
  const start = chat.start;
  chat.start = (registered) => {
    handlers = registered;
    return start(registered);
  };
  const app = createApp({
    config,
    clock,
    chats: [chat],
    log: options.log ?? pino({ level: "silent" }),
    ...(options.siteRetryMs ? { siteRetryMs: options.siteRetryMs } : {}),
  });
  const address = await app.start();
  return {
    app,
    chat,
    clock,
    config,
    lines,
    address,
    handlers() {
      if (!handlers) throw new Error("the app has not started the chat");
      return handlers;
    },
    take() {
      const fresh = lines.slice(seen);
      seen = lines.length;
      return fresh;
    },
    async close() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
