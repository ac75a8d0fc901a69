import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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
