import { FirebreakError } from "../core/firebreak-error.ts";
import type { ArgValue } from "./runbook-arg-value.ts";
import type { HttpMethod, JsonValue, RunbookCommand } from "./runbook-command.ts";
import { redactSecrets } from "./runbook-redact.ts";
import { parseTemplate, renderTemplate, type TemplatePart } from "./runbook-template.ts";
import { templatesOf } from "./runbook-templates-of.ts";

export type RunbookPlan =
  | {
      readonly kind: "exec";
      readonly argv: string[];
      /** Variables passed to the program beyond the runner's defaults (the command's env and secretEnv). */
      readonly env: string[];
    }
  | {
      readonly kind: "http";
      readonly method: HttpMethod;
      readonly url: string;
      readonly headers: Record<string, string>;
      readonly body?: string;
    };

type Values = Readonly<Record<string, ArgValue>>;

/**
 * Fills in the command's templates with validated values: the exact argv or request that will run,
 * and what `--dry-run` shows. Each argument lands inside one argv element (never split, never
 * interpreted); in a URL it is percent-encoded; in `json` it stays inside its string.
 */
export function planRunbook(
  command: RunbookCommand,
  values: Values,
  env: NodeJS.ProcessEnv,
): RunbookPlan {
  const arg = (name: string): ArgValue => {
    const value = values[name];
    if (value === undefined) {
      throw new FirebreakError("runbook_missing_value", `${command.name}: ${name} has no value`);
    }
    return value;
  };
  const variable = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === "") {
      throw new FirebreakError(
        "runbook_missing_env",
        `${command.name} needs the environment variable ${name}, which is not set on this host`,
      );
    }
    return value;
  };
  const fill = (template: string, encode: (value: string) => string = (v) => v) =>
    renderTemplate(parts(command, template), (name) => encode(String(arg(name))), variable);

  if (command.exec) {
    return {
      kind: "exec",
      argv: command.exec.map((template) => fill(template)),
      env: [...new Set([...command.env, ...command.secretEnv])],
    };
  }
  const http = command.http;
  if (!http)
    throw new FirebreakError("runbook_invalid", `${command.name} has neither exec nor http`);
  const url = fill(http.url, encodeURIComponent);
  checkUrl(command.name, url);
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(http.headers)) headers[name] = fill(template);
  let body: string | undefined;
  if (http.body !== undefined) body = fill(http.body);
  if (http.json !== undefined) {
    body = JSON.stringify(
      fillJson(http.json, (template) => jsonString(command, template, arg, variable)),
    );
    if (!Object.keys(headers).some((name) => name.toLowerCase() === "content-type")) {
      headers["Content-Type"] = "application/json";
    }
  }
  return {
    kind: "http",
    method: http.method,
    url,
    headers,
    ...(body === undefined ? {} : { body }),
  };
}

function parts(command: RunbookCommand, template: string): readonly TemplatePart[] {
  const parsed = parseTemplate(template);
  // The loader checked every template; this only guards commands built by hand.
  if (!parsed.ok) throw new FirebreakError("runbook_invalid", `${command.name}: ${parsed.problem}`);
  return parsed.parts;
}

function checkUrl(name: string, url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  // The URL may hold a secret, so the message does not quote it.
  if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw new FirebreakError("runbook_bad_url", `${name}: the request URL is not an http(s) URL`);
  }
}

/** A string that is exactly one placeholder becomes the typed value (a number stays a number). */
function jsonString(
  command: RunbookCommand,
  template: string,
  arg: (name: string) => ArgValue,
  variable: (name: string) => string,
): JsonValue {
  const list = parts(command, template);
  const [only] = list;
  if (list.length === 1 && only?.kind === "arg") return arg(only.name);
  return renderTemplate(list, (name) => String(arg(name)), variable);
}

function fillJson(value: JsonValue, fill: (template: string) => JsonValue): JsonValue {
  if (typeof value === "string") return fill(value);
  if (Array.isArray(value)) return value.map((item: JsonValue) => fillJson(item, fill));
  if (value !== null && typeof value === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) out[key] = fillJson(item, fill);
    return out;
  }
  return value;
}

/** The values of every variable the command treats as secret: its `${env:…}` and secretEnv. */
export function secretsOf(command: RunbookCommand, env: NodeJS.ProcessEnv): string[] {
  const names = new Set<string>(command.secretEnv);
  for (const site of templatesOf(command)) {
    const parsed = parseTemplate(site.template);
    if (!parsed.ok) continue;
    for (const part of parsed.parts) if (part.kind === "env") names.add(part.name);
  }
  const values = new Set<string>();
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== "") values.add(value);
  }
  return [...values];
}

/** What `--dry-run` shows: the exact argv or request, secrets as [redacted]. */
export function describePlan(plan: RunbookPlan, secrets: readonly string[]): string {
  const lines: string[] = [];
  if (plan.kind === "exec") {
    lines.push(`exec (no shell): [${plan.argv.map((arg) => JSON.stringify(arg)).join(", ")}]`);
    if (plan.env.length > 0) lines.push(`environment passed: ${plan.env.join(", ")}`);
  } else {
    lines.push(`${plan.method} ${plan.url}`);
    for (const [name, value] of Object.entries(plan.headers)) lines.push(`${name}: ${value}`);
    if (plan.body !== undefined) lines.push("", plan.body);
  }
  return redactSecrets(lines.join("\n"), secrets);
}
