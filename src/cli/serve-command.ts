import type { Command } from "commander";
import type { Cli } from "./cli-context.ts";

/** `firebreak serve`: the bot itself, until Ctrl-C or SIGTERM. */
export function addServeCommand(program: Command, cli: Cli): void {
  const { config, print } = cli;
  program
    .command("serve")
    .description(
      "run the bot: HTTP intake plus the configured chat (the console chat when none is)",
    )
    .action(async () => {
      const cfg = await config();
      const [
        { createApp },
        { systemClock },
        { createConsoleChat },
        { createLogger },
        { databasePath },
      ] = await Promise.all([
        import("../app.ts"),
        import("../core/clock.ts"),
        import("../chat/console-chat.ts"),
        import("./logger.ts"),
        import("../store/sqlite/open-database.ts"),
      ]);
      // Slack's and Matrix's SDKs are big: loaded only when one of them is configured.
      const platforms =
        cfg.slack || cfg.matrix
          ? (await import("../chat/chat-platforms.ts")).createChatPlatforms
          : undefined;
      const log = createLogger(cfg.logLevel);
      // createApp refuses what must not start (src/start-up-policy.ts) before it opens anything.
      const app = createApp({
        config: cfg,
        clock: systemClock,
        log,
        chats: (store) => {
          const configured = platforms?.(cfg, { store, clock: systemClock, log }) ?? [];
          if (configured.length > 0) return configured;
          // No platform configured: the console chat, interactive when stdin is a terminal.
          return [
            createConsoleChat({
              write: print,
              clock: systemClock,
              room: cfg.consoleRoom,
              user: cfg.consoleUser,
              timeZone: cfg.timeZone,
              ...(process.stdin.isTTY === true ? { input: process.stdin } : {}),
            }),
          ];
        },
      });
      const address = await app.start();
      log.info({ address, database: databasePath(cfg.dataDir) }, "firebreak is running");
      print(
        `Firebreak listens on ${address} (webhooks: ${address}/webhooks/alertmanager). Ctrl-C stops it.`,
      );
      const shutdown = async () => {
        await app.stop();
        process.exit(0);
      };
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
    });
}
