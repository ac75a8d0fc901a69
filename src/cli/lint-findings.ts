import type { BlamelessFinding } from "../core/blameless-check.ts";

/**
 * A finding of `firebreak lint`: the blameless check's, plus what it may also carry — a stable
 * kebab-case `category` (the rule id, e.g. "person-as-agent") and a 1-based `column`.
 */
export type LintFinding = BlamelessFinding & {
  readonly category?: string | undefined;
  readonly column?: number | undefined;
};

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
