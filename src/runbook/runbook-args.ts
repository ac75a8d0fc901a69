import { tokenize } from "../core/tokenize.ts";
import { type ArgValue, checkArgValue, expectedForm } from "./runbook-arg-value.ts";
import type { RunbookCommand } from "./runbook-command.ts";
import { ARG_NAME } from "./runbook-template.ts";

export type ParsedRunArgs =
  | { readonly values: Record<string, string>; readonly dryRun: boolean }
  | { readonly error: string };

export type ValidatedRunArgs =
  | { readonly ok: true; readonly values: Record<string, ArgValue> }
  | { readonly ok: false; readonly errors: string[] };

const KEY = /^([^\s="'\u201c\u2018\u201e]+)=/;

/**
 * Splits what follows `run <name>` into `key=value` pairs and `--dry-run`. A value may be quoted
 * (`reason="disk full"`, curly quotes too); the quotes go, the value stays one piece.
 */
export function parseRunArgs(text: string): ParsedRunArgs {
  const values: Record<string, string> = {};
  let dryRun = false;
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] ?? "")) {
      i++;
      continue;
    }
    const key = KEY.exec(text.slice(i))?.[1];
    let pair: { key: string; value: string } | undefined;
    if (key !== undefined) {
      const start = i + key.length + 1;
      if (start >= text.length || /\s/.test(text[start] ?? "")) {
        pair = { key, value: "" };
        i = start;
      } else {
        // tokenize knows the quoting rules (straight and curly); let it read the value.
        const token = tokenize(text.slice(start))[0];
        const end = start + (token?.end ?? 0);
        if (end < text.length && !/\s/.test(text[end] ?? "")) {
          return { error: `${key}=…: put a space after the closing quote` };
        }
        pair = { key, value: token?.value ?? "" };
        i = end;
      }
    } else {
      const token = tokenize(text.slice(i))[0];
      if (token === undefined) break;
      i += token.end;
      const quotedPair = token.quoted ? KEY.exec(token.value) : null;
      if (quotedPair?.[1] !== undefined) {
        pair = { key: quotedPair[1], value: token.value.slice(quotedPair[0].length) };
      } else if (token.value === "--dry-run" && !token.quoted) {
        dryRun = true;
        continue;
      } else if (token.value.startsWith("-")) {
        return { error: `unknown option ${token.value}: the only option is --dry-run` };
      } else {
        return {
          error: `"${token.value}" is not name=value: write name=value, and quote a value with spaces (name="a b")`,
        };
      }
    }
    if (!ARG_NAME.test(pair.key)) {
      return {
        error: `"${pair.key}" is not an argument name: write name=value, such as namespace=prod`,
      };
    }
    if (Object.hasOwn(values, pair.key)) return { error: `${pair.key} is given twice` };
    values[pair.key] = pair.value;
  }
  return { values, dryRun };
}

/**
 * Checks every value against its argument and fills in defaults. Every problem is reported, each
 * naming the argument and showing how to write it, so one retry is enough.
 */
export function validateRunbookArgs(
  command: Pick<RunbookCommand, "name" | "args">,
  values: Readonly<Record<string, string>>,
): ValidatedRunArgs {
  const errors: string[] = [];
  const result: Record<string, ArgValue> = {};
  for (const key of Object.keys(values)) {
    if (command.args.some((arg) => arg.name === key)) continue;
    const takes =
      command.args.length === 0
        ? `${command.name} takes no arguments`
        : `${command.name} takes ${command.args.map((arg) => arg.name).join(", ")}`;
    errors.push(`unknown argument "${key}": ${takes}`);
  }
  for (const arg of command.args) {
    const raw = Object.hasOwn(values, arg.name) ? values[arg.name] : undefined;
    if (raw === undefined) {
      if (arg.default !== undefined) result[arg.name] = arg.default;
      else errors.push(`${arg.name} is required: ${expectedForm(arg)}`);
      continue;
    }
    const check = checkArgValue(arg, raw);
    if (check.ok) result[arg.name] = check.value;
    else errors.push(`${arg.name}: ${check.problem}; expected ${expectedForm(arg)}`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values: result };
}
