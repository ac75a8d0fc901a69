import { COMMAND_SPECS, findCommandSpec } from "./chat-command-specs.ts";
import type { ArgSpec, CommandSpec, OptionSpec } from "./command-spec.ts";

function argUsage(arg: ArgSpec): string {
  const name =
    arg.type.kind === "enum"
      ? arg.type.values.join("|")
      : arg.type.kind === "severity"
        ? "1-4"
        : arg.name;
  const shown = arg.rest ? `${name}…` : name;
  return arg.required ? `<${shown}>` : `[${shown}]`;
}

function optionUsage(option: OptionSpec): string {
  return option.value
    ? `[--${option.name} ${option.placeholder ?? "VALUE"}]`
    : `[--${option.name}]`;
}

/** `!inc status <investigating|identified|monitoring|resolved> [text…]` */
export function usageLine(spec: CommandSpec, prefix: string): string {
  return [prefix, spec.id, ...spec.args.map(argUsage), ...spec.options.map(optionUsage)].join(" ");
}

export function generalHelp(prefix: string): string {
  const lines = COMMAND_SPECS.map((spec) => `• ${usageLine(spec, prefix)} — ${spec.summary}`);
  return [`Firebreak commands (${prefix} help <sub> for details):`, ...lines].join("\n");
}

export function commandHelp(id: string, prefix: string): string | undefined {
  const spec = findCommandSpec(id);
  if (!spec) return undefined;
  const lines = [`Usage: ${usageLine(spec, prefix)}`, spec.summary];
  for (const option of spec.options) lines.push(`  --${option.name}  ${option.description}`);
  if (spec.inIncident) lines.push("Run it in the incident's room.");
  lines.push(...spec.examples.map((example) => `Example: ${prefix} ${example}`));
  return lines.join("\n");
}
