import type { LintedFile } from "./lint-findings.ts";

/**
 * `firebreak lint --format json`: one array of every finding, in file order then line order.
 * Each has the same keys always; `column` and `category` are null when the check does not say.
 */
export function lintReportJson(files: readonly LintedFile[]) {
  return files.flatMap(({ file, findings }) =>
    findings.map((finding) => ({
      file,
      line: finding.line,
      column: finding.column ?? null,
      category: finding.category ?? null,
      phrase: finding.phrase,
      why: finding.why,
      suggestion: finding.suggestion,
      sentence: finding.sentence,
    })),
  );
}
