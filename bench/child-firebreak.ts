// A Firebreak to load: createApp as `firebreak serve` wires it, with a temp data dir, pino silent
// and the console chat writing nowhere. Tells the bench its address; stops on a "stop" message.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadLikeTheCli } from "../src/cli/load-like-cli.ts";
import { fail, type Message, tell } from "./lib.ts";

try {
  loadLikeTheCli();
  const [{ pino }, { createApp }, { systemClock }, { loadConfig }, { createConsoleChat }] =
    await Promise.all([
      import("pino"),
      import("../src/app.ts"),
      import("../src/core/clock.ts"),
      import("../src/config/config.ts"),
      import("../src/chat/console-chat.ts"),
    ]);
  const dataDir = mkdtempSync(join(tmpdir(), "firebreak-bench-intake-"));
  const app = createApp({
    config: { ...loadConfig({ cwd: dataDir }, {}), dataDir, host: "127.0.0.1", port: 0 },
    clock: systemClock,
    chats: [
      createConsoleChat({ write: () => {}, clock: systemClock, room: "general", user: "bench" }),
    ],
    log: pino({ level: "silent" }),
  });
  const address = await app.start();
  process.on("message", (message: Message) => {
    if (message.type !== "stop") return;
    void app
      .stop()
      .catch(() => {})
      .finally(() => {
        rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
  });
  tell({ type: "ready", address });
} catch (error) {
  fail(error);
}
