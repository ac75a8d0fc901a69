import { FirebreakError } from "./firebreak-error.ts";
import { safeRegExp } from "./safe-regexp.ts";

/**
 * One Alertmanager-style matcher — `team="compute"`, `env!="staging"`, `alertname=~"Nova.*"`,
 * `instance!~"test-.*"` — the syntax the people who write routes already know. As in
 * Alertmanager, regexes match the whole value and an empty value also matches an absent label,
 * so `maintenance=""` means "no maintenance label".
 */
export interface LabelMatcher {
  readonly label: string;
  readonly op: "=" | "!=" | "=~" | "!~";
  readonly value: string;
  /** The matcher as written, for explanations. */
  readonly text: string;
  matches(labels: Readonly<Record<string, string>>): boolean;
}

const SYNTAX =
  /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"\s]*))\s*$/;

export function parseLabelMatcher(text: string): LabelMatcher {
  const match = SYNTAX.exec(text);
  if (!match) {
    throw new FirebreakError(
      "invalid_matcher",
      `"${text}" is not a label matcher: write label="value", label!="value", label=~"regex" or label!~"regex".`,
    );
  }
  const [, label = "", op = "=", quoted, bare] = match;
  const value = quoted !== undefined ? quoted.replace(/\\(.)/g, "$1") : (bare ?? "");
  let test: (actual: string) => boolean;
  if (op === "=~" || op === "!~") {
    let regex: RegExp;
    try {
      regex = safeRegExp(`^(?:${value})$`, "u");
    } catch (error) {
      throw new FirebreakError(
        "invalid_matcher",
        `"${text}": the regex does not compile: ${(error as Error).message}`,
      );
    }
    test = (actual) => regex.test(actual);
  } else {
    test = (actual) => actual === value;
  }
  const negate = op === "!=" || op === "!~";
  return {
    label,
    op: op as LabelMatcher["op"],
    value,
    text: `${label}${op}"${value}"`,
    matches: (labels) => test(labels[label] ?? "") !== negate,
  };
}
