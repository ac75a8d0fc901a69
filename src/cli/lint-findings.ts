/**
 * A finding of `firebreak lint`, as the reports read it: what the blameless check's BlamelessFinding
 * has, plus what it may also carry — a stable kebab-case `category` (the rule id, e.g.
 * "person-as-agent") and a 1-based `column`. Structural, so a BlamelessFinding with or without
 * those two fits (postmortem-commands.ts passes the check's findings as these).
 */
export interface LintFinding {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units, when the check gives it. */
  readonly column?: number | undefined;
  readonly category?: string | undefined;
  readonly sentence: string;
  readonly phrase: string;
  readonly why: string;
  readonly suggestion: string;
}

/** One file `firebreak lint` read: its path as given on the command line, and what it found. */
export interface LintedFile {
  readonly file: string;
  readonly findings: readonly LintFinding[];
}

/** The rule id of a finding without a category. */
export const DEFAULT_LINT_RULE = "blameless-language";

export function lintRuleId(finding: LintFinding): string {
  return finding.category ?? DEFAULT_LINT_RULE;
}
