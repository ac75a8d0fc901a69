import type { Command } from "commander";
import type { Cli } from "./cli-context.ts";

/** `firebreak migrate`: create the database or bring it up to date. */
export function addMigrateCommand(program: Command, cli: Cli): void {
  const { config, print } = cli;
  program
    .command("migrate")
    .description("create the database or bring it up to date")
    .action(async () => {
      const { databasePath, openDatabase } = await import("../store/sqlite/open-database.ts");
      const file = databasePath((await config()).dataDir);
      openDatabase(file).$client.close();
      print(`Database ${file} is up to date.`);
    });
}
