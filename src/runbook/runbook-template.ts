/**
 * The placeholder language of runbook commands: `{arg}` is an argument's value, `${env:NAME}` a
 * variable of the bot's environment (for secrets), `{{` and `}}` are literal braces (so curl's
 * `%{{http_code}}` reaches curl as `%{http_code}`). Anything else with a brace is a mistake, and
 * saying so at load time beats sending a half-substituted command to production.
 */
export type TemplatePart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "arg"; readonly name: string }
  | { readonly kind: "env"; readonly name: string };

export type ParsedTemplate =
  | { readonly ok: true; readonly parts: readonly TemplatePart[] }
  | { readonly ok: false; readonly problem: string };

export const ARG_NAME = /^[a-z][a-z0-9_]{0,31}$/;
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const TOKEN = /\{\{|\}\}|\$\{env:([^}]*)\}|(\$\{[^}]*\})|\{([^{}]*)\}|[{}]/g;

export function parseTemplate(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let text = "";
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    text += template.slice(last, match.index);
    last = match.index + match[0].length;
    const [token, envName, shellStyle, argName] = match;
    if (token === "{{") text += "{";
    else if (token === "}}") text += "}";
    else if (shellStyle !== undefined) {
      // `${HOME}` is shell syntax; no shell runs here, so it would reach the program literally.
      return {
        ok: false,
        problem: `"${token}" is shell syntax: write \${env:NAME} for a variable or {name} for an argument`,
      };
    } else if (envName !== undefined) {
      if (!ENV_NAME.test(envName)) {
        return {
          ok: false,
          problem: `"${token}" is not a variable name such as \${env:API_TOKEN}`,
        };
      }
      if (text !== "") parts.push({ kind: "text", text });
      text = "";
      parts.push({ kind: "env", name: envName });
    } else if (argName !== undefined) {
      if (!ARG_NAME.test(argName)) {
        return {
          ok: false,
          problem: `"${token}" is not a placeholder: write {name} for an argument, \${env:NAME} for a variable, {{ or }} for a literal brace`,
        };
      }
      if (text !== "") parts.push({ kind: "text", text });
      text = "";
      parts.push({ kind: "arg", name: argName });
    } else {
      return {
        ok: false,
        problem: `unmatched "${token}": write {{ or }} for a literal brace`,
      };
    }
  }
  text += template.slice(last);
  if (text !== "") parts.push({ kind: "text", text });
  return { ok: true, parts };
}

/** Builds the string; `arg` and `env` decide how values are encoded where they land. */
export function renderTemplate(
  parts: readonly TemplatePart[],
  arg: (name: string) => string,
  env: (name: string) => string,
): string {
  let out = "";
  for (const part of parts) {
    if (part.kind === "text") out += part.text;
    else if (part.kind === "arg") out += arg(part.name);
    else out += env(part.name);
  }
  return out;
}
