import { COMMAND_SPECS, type CommandId, findCommandSpec } from "./chat-command-specs.ts";
import { MAX_COMMAND_CHARS } from "./chat-limits.ts";
import { usageLine } from "./command-help.ts";
import type { ArgType, CommandSpec, OptionSpec } from "./command-spec.ts";
import { isFirebreakError } from "./firebreak-error.ts";
import { parseSeverity } from "./severity.ts";
import { CLOSING, type Token, tokenize } from "./tokenize.ts";

export type ArgValue = string | number | boolean;

export interface ParsedCommand {
  readonly id: CommandId;
  readonly args: Readonly<Record<string, ArgValue>>;
  readonly options: Readonly<Record<string, ArgValue>>;
}

export type ParseResult =
  | { readonly kind: "not-a-command" }
  | { readonly kind: "ok"; readonly command: ParsedCommand }
  | { readonly kind: "error"; readonly message: string; readonly usage: string | undefined };

export const DEFAULT_PREFIXES = ["!inc", "/incident", "/inc"] as const;

class ParseError extends Error {}

function convert(type: ArgType, raw: string, what: string): ArgValue {
  switch (type.kind) {
    case "severity":
      try {
        return parseSeverity(raw);
      } catch (error) {
        throw new ParseError(isFirebreakError(error) ? error.message : String(error));
      }
    case "enum": {
      const value = raw.toLowerCase();
      if (!type.values.includes(value)) {
        throw new ParseError(
          `"${raw}" is not a valid ${what}: use one of ${type.values.join(", ")}.`,
        );
      }
      return value;
    }
    case "user": {
      const user = raw.replace(/^@(?=[^:]*$)/, "");
      if (user === "") throw new ParseError(`Name the ${what}, like @alice.`);
      return user;
    }
    case "date":
      return checkDate(raw, what);
    case "minutes": {
      const match = /^(\d{1,4})\s*(m|min|h)?$/i.exec(raw.trim());
      if (!match)
        throw new ParseError(
          `"${raw}" is not a duration for ${what}: write minutes, like 30 or 30m, or hours, like 2h.`,
        );
      return Number(match[1]) * (match[2]?.toLowerCase() === "h" ? 60 : 1);
    }
    case "word":
    case "text":
      return raw;
  }
}

/** `YYYY-MM-DD`, of a day that exists: `Date` would quietly turn 2026-02-31 into March 3rd. */
function checkDate(raw: string, what: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!match) throw new ParseError(`"${raw}" is not a date for ${what}: write it as YYYY-MM-DD.`);
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (month < 1 || month > 12) {
    throw new ParseError(`"${raw}" is not a date for ${what}: there is no month ${month}.`);
  }
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) {
    const name = new Date(Date.UTC(year, month - 1, 1)).toLocaleString("en-US", {
      month: "long",
      timeZone: "UTC",
    });
    throw new ParseError(`"${raw}" is not a date for ${what}: ${name} ${year} has ${days} days.`);
  }
  return raw;
}

/** Characters as people count them: an emoji is one, not two UTF-16 units. */
function characters(text: string, end = text.length): number {
  let count = 0;
  for (const _ of text.slice(0, end)) count++;
  return count;
}

const formatCount = (n: number) => n.toLocaleString("en-US");

/** An unclosed quote would swallow every option after it (`declare "Title --sev 2`). */
function assertQuotesClosed(body: string, tokens: readonly Token[]): void {
  const open = tokens.find((token) => token.unclosed);
  if (!open) return;
  const quote = body[open.start] ?? "";
  const close = CLOSING[quote];
  const how = close === quote ? "close it" : `close it with ${close}`;
  throw new ParseError(
    `Unclosed quote ${quote} at character ${characters(body, open.start) + 1}: ${how}, or leave the quote out.`,
  );
}

/** The text of the tokens from `first` on; raw (spacing, newlines, inner quotes kept) when possible. */
function restText(input: string, tokens: readonly Token[], contiguous: boolean): string {
  const [first] = tokens;
  if (tokens.length === 1 && first?.quoted) return first.value;
  if (contiguous && first) return input.slice(first.start).trim();
  return tokens.map((token) => input.slice(token.start, token.end)).join(" ");
}

function takeOptions(spec: CommandSpec, tokens: readonly Token[]) {
  const options: Record<string, ArgValue> = {};
  const positional: Token[] = [];
  let optionAfterPositional = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    // Commands without options take `--` literally, so a note can quote `--force`.
    if (spec.options.length === 0 || token.quoted || !token.value.startsWith("--")) {
      positional.push(token);
      continue;
    }
    const [name = "", inline] = token.value.slice(2).split(/=(.*)/s, 2);
    const option: OptionSpec | undefined = spec.options.find((o) => o.name === name);
    // In prose (`update ran nova-manage --force`) an unknown option is just words, unless it
    // looks like a mistyped real option (`--impcat`), which deserves an error.
    const prose = spec.args.some((arg) => arg.rest && arg.prose);
    const lookalike = spec.options.some(
      (o) => editDistance(o.name, name) <= 2 || name.startsWith(o.name) || o.name.startsWith(name),
    );
    if (!option && prose && !lookalike) {
      positional.push(token);
      continue;
    }
    if (positional.length > 0) optionAfterPositional = true;
    if (!option) {
      const known = spec.options.map((o) => `--${o.name}`).join(", ");
      throw new ParseError(`Unknown option --${name} for ${spec.id}. Options: ${known}.`);
    }
    if (!option.value) {
      options[option.name] = true;
      continue;
    }
    // `--service --private`: the next option is not this option's value.
    const following = tokens[i + 1];
    const takesNext = following && (following.quoted || !following.value.startsWith("--"));
    const raw = inline ?? (takesNext ? tokens[++i]?.value : undefined);
    if (raw === undefined || raw === "") {
      throw new ParseError(`--${option.name} needs a value.`);
    }
    options[option.name] = convert(option.value, raw, `--${option.name}`);
  }
  return { options, positional, contiguous: !optionAfterPositional };
}

function parseArgs(
  spec: CommandSpec<CommandId>,
  input: string,
  tokens: readonly Token[],
): ParsedCommand {
  const { options, positional, contiguous } = takeOptions(spec, tokens);
  const args: Record<string, ArgValue> = {};
  let next = 0;
  for (const arg of spec.args) {
    if (arg.rest) {
      const rest = positional.slice(next);
      next = positional.length;
      if (rest.length > 0) args[arg.name] = restText(input, rest, contiguous);
    } else {
      const token = positional[next];
      if (token !== undefined) {
        args[arg.name] = convert(arg.type, token.value, arg.name);
        next++;
      }
    }
    if (arg.required && (args[arg.name] === undefined || args[arg.name] === "")) {
      throw new ParseError(`Missing <${arg.name}>.`);
    }
    const value = args[arg.name];
    const length = typeof value === "string" ? characters(value) : 0;
    if (arg.maxChars !== undefined && length > arg.maxChars) {
      throw new ParseError(
        `The ${arg.name} is ${formatCount(length)} characters long; a ${arg.name} may be at most ${formatCount(arg.maxChars)}. Put the details in a note.`,
      );
    }
  }
  if (next < positional.length) {
    const extra = positional
      .slice(next)
      .map((t) => t.value)
      .join(" ");
    throw new ParseError(`Unexpected "${extra}": ${spec.id} takes no more arguments.`);
  }
  return { id: spec.id, args, options };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function closestCommand(sub: string): string | undefined {
  const ranked = COMMAND_SPECS.map((spec) => ({ id: spec.id, d: editDistance(sub, spec.id) }))
    .filter((candidate) => candidate.d <= 2)
    .sort((a, b) => a.d - b.d);
  return ranked[0]?.id;
}

function stripPrefix(text: string, prefixes: readonly string[]): string | undefined {
  const trimmed = text.trim();
  for (const prefix of prefixes) {
    if (trimmed === prefix) return "";
    if (trimmed.startsWith(prefix) && /\s/.test(trimmed[prefix.length] ?? "")) {
      return trimmed.slice(prefix.length).trim();
    }
  }
  return undefined;
}

/**
 * The one parser for `!inc …` (Matrix, console) and `/incident …` (Slack). `prefix` is how help
 * and errors show the command to this user.
 */
export function parseChatCommand(
  text: string,
  prefix: string,
  prefixes: readonly string[] = DEFAULT_PREFIXES,
): ParseResult {
  const body = stripPrefix(text, prefixes);
  if (body === undefined) return { kind: "not-a-command" };
  if (body === "") return { kind: "ok", command: { id: "help", args: {}, options: {} } };
  // UTF-16 length bounds the character count from above: only long input is counted.
  const length = body.length > MAX_COMMAND_CHARS ? characters(body) : body.length;
  if (length > MAX_COMMAND_CHARS) {
    return {
      kind: "error",
      message: `That command is ${formatCount(length)} characters long; a command may be at most ${formatCount(MAX_COMMAND_CHARS)}. Put long text in a document and link it.`,
      usage: undefined,
    };
  }
  const [first, ...rest] = tokenize(body);
  const sub = first?.value.toLowerCase() ?? "";
  const spec = findCommandSpec(sub);
  if (!spec) {
    const guess = closestCommand(sub);
    const hint = guess ? ` Did you mean ${prefix} ${guess}?` : "";
    return {
      kind: "error",
      message: `Unknown sub-command "${first?.value}".${hint} ${prefix} help lists them all.`,
      usage: undefined,
    };
  }
  try {
    assertQuotesClosed(body, rest);
    return { kind: "ok", command: parseArgs(spec, body, rest) };
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return { kind: "error", message: error.message, usage: usageLine(spec, prefix) };
  }
}
