import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { ArgValue } from "../../src/runbook/runbook-arg-value.ts";
import { validateRunbookArgs } from "../../src/runbook/runbook-args.ts";
import { type RunbookCommand, runbookCommandSchema } from "../../src/runbook/runbook-command.ts";

/** One command file's YAML, parsed and checked as the loader does it. */
export function commandFromYaml(yaml: string, file = "test.yaml"): RunbookCommand {
  return { ...runbookCommandSchema.parse(parse(yaml)), file };
}

/** The command's checked values for `raw`; throws with the problems when they do not check out. */
export function validArgs(
  command: RunbookCommand,
  raw: Readonly<Record<string, string>>,
): Record<string, ArgValue> {
  const checked = validateRunbookArgs(command, raw);
  if (!checked.ok) throw new Error(checked.errors.join("\n"));
  return checked.values;
}

/**
 * A commands folder in `dir` with one command, `restart-thing`, that prints "restarted" and asks
 * to be confirmed (restricted to `roles` when given).
 */
export function restartThingFolder(dir: string, roles: readonly string[] = []): string {
  const commands = join(dir, "commands");
  mkdirSync(commands);
  writeFileSync(
    join(commands, "restart-thing.yaml"),
    [
      "name: restart-thing",
      "description: Pretends to restart something.",
      "args: []",
      `exec: [${JSON.stringify(process.execPath)}, -e, "console.log('restarted')"]`,
      "confirm: true",
      ...(roles.length > 0 ? [`roles: [${roles.join(", ")}]`] : []),
      "",
    ].join("\n"),
  );
  return commands;
}
