import { parseTemplate, type TemplatePart } from "./runbook-template.ts";
import { type HasTemplates, type TemplatePath, templatesOf } from "./runbook-templates-of.ts";
import type { RunbookArg } from "./runbook-types.ts";

export interface TemplateProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

interface CommandShape extends HasTemplates {
  readonly args: readonly RunbookArg[];
  readonly http?: (NonNullable<HasTemplates["http"]> & { readonly method: string }) | undefined;
  readonly env: readonly string[];
  readonly secretEnv: readonly string[];
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * The checks that need the whole command: placeholders against declared arguments, where secrets
 * may go, what must stay fixed. Each problem carries the key to show (`exec[3]`, `http.url`).
 */
export function checkRunbookTemplates(command: CommandShape): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const add = (path: TemplatePath, message: string) => problems.push({ path: [...path], message });
  if (command.exec === undefined && command.http === undefined) {
    add(["exec"], "give either exec (the program and its arguments) or http (a request)");
  }
  if (command.exec !== undefined && command.http !== undefined) {
    add(["http"], "give either exec or http, not both");
  }
  if (command.http !== undefined) {
    for (const key of ["env", "secretEnv"] as const) {
      if (command[key].length > 0) {
        add(
          [key],
          `is for exec commands: an http command takes \${env:NAME} in url, headers or body`,
        );
      }
    }
    checkHttpShape(command.http, add);
  }
  const declared = new Set(command.args.map((arg) => arg.name));
  const used = new Set<string>();
  for (const site of templatesOf(command)) {
    const parsed = parseTemplate(site.template);
    if (!parsed.ok) {
      add(site.path, parsed.problem);
      continue;
    }
    for (const part of parsed.parts) {
      if (part.kind !== "arg") continue;
      used.add(part.name);
      if (!declared.has(part.name)) {
        const known = [...declared].join(", ");
        add(
          site.path,
          `unknown placeholder {${part.name}}: ${known === "" ? "the command declares no arguments" : `the arguments are ${known}`} (for literal braces write {{${part.name}}})`,
        );
      }
    }
    checkSite(site.path, parsed.parts, add);
  }
  command.args.forEach((arg, i) => {
    if (!used.has(arg.name)) {
      add(["args", i, "name"], `"${arg.name}" is never used: no {${arg.name}} in exec or http`);
    }
  });
  return problems;
}

type Add = (path: TemplatePath, message: string) => void;

function checkHttpShape(http: NonNullable<CommandShape["http"]>, add: Add): void {
  if (http.body !== undefined && http.json !== undefined) {
    add(["http", "json"], "give body or json, not both");
  }
  if ((http.method === "GET" || http.method === "HEAD") && (http.body ?? http.json) !== undefined) {
    add(
      ["http", http.body === undefined ? "json" : "body"],
      `a ${http.method} request has no body`,
    );
  }
  for (const name of Object.keys(http.headers)) {
    if (!HEADER_NAME.test(name)) {
      add(
        ["http", "headers", name],
        "is not a header name (letters, digits and - such as Authorization)",
      );
    }
  }
}

function checkSite(path: TemplatePath, parts: readonly TemplatePart[], add: Add): void {
  const [first, second] = path;
  if (first === "exec") {
    if (second === 0 && parts.some((part) => part.kind !== "text")) {
      add(path, "the program is fixed: it cannot contain placeholders");
    }
    if (parts.some((part) => part.kind === "env")) {
      // Anyone on the host can read a command line in the process list.
      add(
        path,
        "secrets do not go on the command line, where the process list shows them: list the variable under secretEnv so the program gets it in its environment",
      );
    }
  }
  if (first === "http" && second === "url") checkUrl(path, parts, add);
}

/**
 * The scheme and host must not come from an argument: the request carries the command's secrets,
 * and whoever runs it could otherwise send them to a server of their choosing.
 */
function checkUrl(path: TemplatePath, parts: readonly TemplatePart[], add: Add): void {
  const shape = parts
    .map((part) => (part.kind === "text" ? part.text : part.kind === "env" ? "E" : "\u0000"))
    .join("");
  const startsWithEnv = parts[0]?.kind === "env";
  if (!startsWithEnv && !/^https?:\/\//.test(shape)) {
    add(path, `expected a URL starting with "http://" or "https://" (or \${env:NAME} holding one)`);
    return;
  }
  const afterScheme = shape.indexOf("://") === -1 ? 0 : shape.indexOf("://") + 3;
  const rest = shape.slice(afterScheme);
  const authority = rest.slice(0, rest.search(/[/?#]|$/));
  if (shape.slice(0, afterScheme).includes("\u0000") || authority.includes("\u0000")) {
    add(
      path,
      "the scheme and host are fixed: an argument there could send the request and its secrets anywhere",
    );
  }
}
