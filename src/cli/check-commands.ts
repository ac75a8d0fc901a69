import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { FirebreakError } from "../core/firebreak-error.ts";
import type { Cli } from "./cli-context.ts";

/**
 * `firebreak commands check` and `firebreak routes test`: the runbook commands folder and the
 * routes, checked before anyone relies on them.
 */
export function addCheckCommands(program: Command, cli: Cli): void {
  const { config, print } = cli;
  const commands = program
    .command("commands")
    .description("commands check [DIR]: validate the runbook commands folder");
  commands
    .command("check")
    .description("validate the runbook commands folder: file, key and problem for each fault")
    .argument("[dir]", "the folder (default: FIREBREAK_COMMANDS_DIR or ./commands)")
    .action(async (dir: string | undefined) => {
      const { formatRunbookCheck } = await import("../runbook/runbook-check.ts");
      const check = formatRunbookCheck(dir ?? (await config()).commandsDir);
      print(check.text);
      if (!check.ok) process.exitCode = 1;
    });

  const routes = program
    .command("routes")
    .description("routes test <payload.json> [--json]: which route each alert takes, and why");
  routes
    .command("test")
    .description("show which route each alert of a webhook payload takes, and why")
    .argument(
      "<payload.json>",
      "a payload as Alertmanager, Grafana, PagerDuty or the generic webhook sends it",
    )
    .option("--json", "print a JSON array")
    .action(async (file: string, options: { json?: boolean }) => {
      const cfg = await config();
      const { detectSource, explainRouting, formatRouting } = await import("./explain-routing.ts");
      let body: unknown;
      try {
        body = JSON.parse(readFileSync(file, "utf8"));
      } catch (error) {
        throw new FirebreakError("invalid_payload", `${file}: ${(error as Error).message}`);
      }
      const { source, alerts } = detectSource(body, new Date().toISOString());
      const routed = explainRouting(alerts, cfg);
      print(options.json ? JSON.stringify(routed, null, 2) : formatRouting(source, routed));
    });
}
