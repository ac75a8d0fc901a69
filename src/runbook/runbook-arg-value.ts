import { dashLookAlike, describeCharacter, lookAlike } from "../core/look-alike.ts";
import type { RunbookArg } from "./runbook-types.ts";

export type ArgValue = string | number | boolean;

export type ArgCheck =
  | { readonly ok: true; readonly value: ArgValue }
  | { readonly ok: false; readonly problem: string };

/** Longer values are never a namespace, a unit or a host name; refuse them before any regex runs. */
const MAX_LENGTH = 1024;
// Control characters (newlines, NUL, escape sequences) and invisible ones (zero-width, bidi
// overrides) have no business in an argument and are how a value hides what it really is.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const NON_ASCII = /[^\x20-\x7e]/u;

/** How the argument is written in `run`, for error messages and help. */
export function expectedForm(arg: RunbookArg): string {
  const example = arg.example === undefined ? "" : ` (e.g. ${arg.name}=${arg.example})`;
  switch (arg.type) {
    case "string":
      return `${arg.name}=VALUE${example}, the whole value matching ${arg.pattern}`;
    case "enum":
      return `${arg.name}=${arg.values.join("|")}`;
    case "integer":
      return `${arg.name}=<integer from ${arg.min} to ${arg.max}>${example}`;
    case "boolean":
      return `${arg.name}=true|false`;
  }
}

/** The value as typed, quoted and clipped. */
function quoted(raw: string): string {
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
}

/** Quotes a value so that what was typed is visible, including characters that look alike. */
function showValue(raw: string): string {
  const odd = NON_ASCII.exec(raw)?.[0];
  if (odd === undefined || HIDDEN.test(odd)) return quoted(raw);
  return `${quoted(raw)} (contains ${describeCharacter(odd)}, which is not ASCII)`;
}

/** Checks one value as typed in chat and converts it to the argument's type. */
export function checkArgValue(arg: RunbookArg, raw: string): ArgCheck {
  switch (arg.type) {
    case "string":
      return checkString(arg.regex, raw);
    case "enum":
      return arg.values.includes(raw)
        ? { ok: true, value: raw }
        : { ok: false, problem: `${showValue(raw)} is not one of the choices` };
    case "integer": {
      if (!/^-?[0-9]{1,16}$/.test(raw)) {
        return { ok: false, problem: `${showValue(raw)} is not a whole number` };
      }
      const value = Number(raw);
      if (value < arg.min || value > arg.max) {
        return { ok: false, problem: `${value} is out of range` };
      }
      return { ok: true, value };
    }
    case "boolean":
      if (raw === "true" || raw === "yes") return { ok: true, value: true };
      if (raw === "false" || raw === "no") return { ok: true, value: false };
      return { ok: false, problem: `${showValue(raw)} is not true or false` };
  }
}

function checkString(regex: RegExp, raw: string): ArgCheck {
  if (raw.length > MAX_LENGTH) {
    return { ok: false, problem: `the value is too long (${raw.length} characters)` };
  }
  if (HIDDEN.test(raw)) {
    return {
      ok: false,
      problem: `${showValue(raw)} contains a control or invisible character`,
    };
  }
  // Whatever the pattern says: a value that starts with "-" would be read as an option by the
  // program (`--kubeconfig=/tmp/evil`), which is exactly the smuggling the patterns guard against.
  if (raw.startsWith("-")) {
    return {
      ok: false,
      problem: `${showValue(raw)} starts with "-", which the program would read as an option`,
    };
  }
  // Whatever the pattern says, too: what is read in chat and on the timeline must be what ran.
  const problem = dashLookAlike(raw) ?? lookAlike(raw);
  if (problem !== undefined) return { ok: false, problem: `${quoted(raw)} ${problem}` };
  if (!regex.test(raw)) return { ok: false, problem: `${showValue(raw)} does not match` };
  return { ok: true, value: raw };
}
