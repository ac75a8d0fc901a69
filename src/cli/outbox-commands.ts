import type { Command } from "commander";
import { type Cli, withStore } from "./cli-context.ts";

/** `firebreak outbox` and `outbox retry`: chat operations not delivered yet, and those given up. */
export function addOutboxCommands(program: Command, cli: Cli): void {
  const { config, print } = cli;
  const outbox = program
    .command("outbox")
    .description("chat operations not delivered yet, and those the platform refused")
    .option("--json", "print a JSON array")
    .action(async (options: { json?: boolean }) => {
      const cfg = await config();
      const { formatOutbox } = await import("./format-outbox.ts");
      await withStore(cfg.dataDir, (store) => {
        const entries = store.outbox.list();
        print(options.json ? JSON.stringify(entries, null, 2) : formatOutbox(entries, Date.now()));
      });
    });

  outbox
    .command("retry")
    .description("put the chat operations given up back in line (a running serve sends them)")
    .action(async () => {
      const cfg = await config();
      const count = await withStore(cfg.dataDir, (store) => store.outbox.retryFailed(Date.now()));
      print(
        count === 0
          ? "Nothing was given up; nothing to retry."
          : `${count} chat operation(s) put back in line; a running firebreak serve sends them within 30 seconds.`,
      );
    });
}
