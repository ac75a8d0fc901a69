import type { RunbookCommand } from "./runbook-command.ts";

/**
 * The commands worth offering for an alert: those whose `suggest` matchers all hold for its
 * labels, in file order. A command without matchers is never suggested: "always" is no signal.
 */
export function suggestedCommands<T extends Pick<RunbookCommand, "suggest">>(
  commands: readonly T[],
  labels: Readonly<Record<string, string>>,
): T[] {
  return commands.filter(
    (command) =>
      command.suggest.length > 0 && command.suggest.every((matcher) => matcher.matches(labels)),
  );
}
