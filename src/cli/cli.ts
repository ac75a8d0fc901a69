import { Command, Option } from "commander";
import type { Config } from "../config/config.ts";
import { isFirebreakError } from "../core/firebreak-error.ts";
import { enableLinearRegExpFallback } from "../process-settings.ts";
import { addCheckCommands } from "./check-commands.ts";
import type { Cli } from "./cli-context.ts";
import { addDemoCommand } from "./demo-command.ts";
import { addIncidentCommands } from "./incident-commands.ts";
import { loadLikeTheCli } from "./load-like-cli.ts";
import { addMigrateCommand } from "./migrate-command.ts";
import { addOutboxCommands } from "./outbox-commands.ts";
import { addPostmortemCommands } from "./postmortem-commands.ts";
import { addServeCommand } from "./serve-command.ts";

// Each command imports what it needs when it runs; the files above import nothing heavy.
loadLikeTheCli();
// Before any config or runbook is loaded: their patterns run against text from outside.
enableLinearRegExpFallback();

const program = new Command()
  .name("firebreak")
  .description(
    "Self-hosted ChatOps incident response: alerts in, incident rooms, timeline, postmortems.",
  )
  .option(
    "-c, --config <file>",
    "configuration file (default ./firebreak.yaml, or FIREBREAK_CONFIG)",
  )
  .showHelpAfterError();

const cli: Cli = {
  async config(): Promise<Config> {
    const { loadConfig } = await import("../config/config.ts");
    return loadConfig({ configFile: program.opts<{ config?: string }>().config });
  },
  print(text: string): void {
    console.log(text);
  },
};

// In this order in --help.
addServeCommand(program, cli);
addDemoCommand(program, cli);
addIncidentCommands(program, cli);
addPostmortemCommands(program, cli);
addCheckCommands(program, cli);
addOutboxCommands(program, cli);
addMigrateCommand(program, cli);

program.addOption(new Option("--no-color").hideHelp());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!isFirebreakError(error)) throw error;
  console.error(`firebreak: ${error.message}`);
  process.exitCode = 1;
}
