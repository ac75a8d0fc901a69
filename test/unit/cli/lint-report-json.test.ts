import { describe, expect, it } from "vitest";
import { lintReportJson } from "../../../src/cli/lint-report-json.ts";

describe("lintReportJson", () => {
  it("one array of findings, file order then line order, the same keys always", () => {
    const base = {
      sentence: "Bob forgot the flag.",
      phrase: "forgot",
      why: "Memory as cause.",
      suggestion: "Say which step.",
    };
    const report = lintReportJson([
      {
        file: "a.md",
        findings: [
          { ...base, line: 2 },
          { ...base, line: 4, category: "memory-as-cause", column: 5 },
        ],
      },
      { file: "clean.md", findings: [] },
      { file: "b.md", findings: [{ ...base, line: 1 }] },
    ]);
    expect(report).toEqual([
      { file: "a.md", line: 2, column: null, category: null, ...base },
      { file: "a.md", line: 4, column: 5, category: "memory-as-cause", ...base },
      { file: "b.md", line: 1, column: null, category: null, ...base },
    ]);
    expect(Object.keys(report[0] ?? {})).toEqual([
      "file",
      "line",
      "column",
      "category",
      "phrase",
      "why",
      "suggestion",
      "sentence",
    ]);
    expect(lintReportJson([{ file: "clean.md", findings: [] }])).toEqual([]);
  });
});
