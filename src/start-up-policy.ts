import { existsSync } from "node:fs";
import type { Config } from "./config/config.ts";
import { FirebreakError } from "./core/firebreak-error.ts";
import { assertSafeIntake } from "./intake/intake-policy.ts";
import { type LoadedRunbookCommands, loadRunbookCommands } from "./runbook/runbook-load.ts";

/**
 * What Firebreak refuses to start with, checked by createApp before it opens the database or
 * connects anything, so `serve`, the demo, the bench and the tests all refuse the same things:
 * webhooks a stranger could use (see intake-policy.ts), and an invalid runbook commands folder
 * unless `runbook.skipInvalid: true` (then the invalid files are skipped). A missing commands
 * folder is no fault: there are no commands. Returns the commands folder, loaded.
 */
export function checkStartUp(
  config: Pick<Config, "host" | "webhookToken" | "commandsDir" | "runbookSkipInvalid">,
): LoadedRunbookCommands | undefined {
  assertSafeIntake(config);
  const loaded = existsSync(config.commandsDir)
    ? loadRunbookCommands(config.commandsDir)
    : undefined;
  if (loaded && loaded.problems.length > 0 && !config.runbookSkipInvalid) {
    const lines = loaded.problems.map((p) => `  ${p.file}: ${p.key}: ${p.problem}`);
    throw new FirebreakError(
      "invalid_commands",
      `The runbook commands folder has problems (set runbook.skipInvalid: true to start anyway, skipping them):\n${lines.join("\n")}`,
    );
  }
  return loaded;
}
