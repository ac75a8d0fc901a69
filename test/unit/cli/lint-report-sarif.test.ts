import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { LintFinding } from "../../../src/cli/lint-findings.ts";
import { lintReportSarif } from "../../../src/cli/lint-report-sarif.ts";
import { sarifValidator } from "../../helpers/sarif-schema.ts";

const validate = sarifValidator();
const cwd = join("/", "repo");
const options = { version: "9.9.9", cwd };

const finding = (overrides: Partial<LintFinding> = {}): LintFinding => ({
  line: 3,
  sentence: "The outage was human error.",
  phrase: "human error",
  why: "Naming an error ends the inquiry.",
  suggestion: "Describe the conditions instead.",
  ...overrides,
});

describe("lintReportSarif", () => {
  it("is a valid SARIF 2.1.0 log with no findings: one run, no rules, no results", () => {
    const log = lintReportSarif([{ file: "INC-1.md", findings: [] }], options);
    expect(validate(log)).toEqual([]);
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]?.tool.driver).toEqual({ name: "firebreak", version: "9.9.9", rules: [] });
    expect(log.runs[0]?.results).toEqual([]);
  });

  it("without categories: one rule, blameless-language; each result says its why and rewrite", () => {
    const log = lintReportSarif(
      [
        {
          file: "postmortems/INC-1.md",
          findings: [
            finding(),
            finding({ line: 5, phrase: "forgot", why: "Memory.", suggestion: "Say which step." }),
          ],
        },
      ],
      options,
    );
    expect(validate(log)).toEqual([]);
    const run = log.runs[0];
    expect(run?.tool.driver.rules.map((rule) => rule.id)).toEqual(["blameless-language"]);
    expect(run?.results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ["blameless-language", 0, "warning"],
      ["blameless-language", 0, "warning"],
    ]);
    expect(run?.results[1]?.message.text).toBe("“forgot”: Memory. Try: Say which step.");
    expect(run?.results[1]?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: "postmortems/INC-1.md", uriBaseId: "%SRCROOT%" },
      region: { startLine: 5, snippet: { text: "The outage was human error." } },
    });
  });

  it("with categories and columns: a rule per category, in order found, and startColumn", () => {
    const log = lintReportSarif(
      [
        {
          file: "a.md",
          findings: [
            finding({
              category: "hindsight",
              why: "Hindsight A.",
              suggestion: "Say what was known.",
            }),
            finding({
              category: "person-as-agent",
              column: 7,
              why: "Agent.",
              suggestion: "System.",
            }),
            finding({
              category: "hindsight",
              why: "Hindsight B.",
              suggestion: "Say what was known.",
            }),
          ],
        },
        { file: "b.md", findings: [finding({ category: "person-as-agent", why: "Agent." })] },
      ],
      options,
    );
    expect(validate(log)).toEqual([]);
    const [hindsight, agent] = log.runs[0]?.tool.driver.rules ?? [];
    // A known category is described by the check's own description of it, whatever the whys;
    // one shared suggestion: that is the help.
    expect(hindsight?.id).toBe("hindsight");
    expect(hindsight?.shortDescription.text).toBe("Judges a past decision by what is known now.");
    expect(hindsight?.help.text).toBe("Say what was known.");
    expect(agent?.id).toBe("person-as-agent");
    expect(agent?.shortDescription.text).toBe(
      "A person, a role or a pronoun is the subject of the failure.",
    );
    expect(agent?.help.text).toContain("Describe the conditions and the system");
    const results = log.runs[0]?.results ?? [];
    expect(results.map((r) => [r.ruleId, r.ruleIndex])).toEqual([
      ["hindsight", 0],
      ["person-as-agent", 1],
      ["hindsight", 0],
      ["person-as-agent", 1],
    ]);
    expect(results[1]?.locations[0]?.physicalLocation.region).toEqual({
      startLine: 3,
      startColumn: 7,
      snippet: { text: "The outage was human error." },
    });
    expect(results[0]?.locations[0]?.physicalLocation.region).not.toHaveProperty("startColumn");
  });

  it("uris: relative to cwd with forward slashes and percent-encoding; outside it, a file: URI", () => {
    const log = lintReportSarif(
      [
        { file: "post mortems/INC #1.md", findings: [finding()] },
        { file: join(cwd, "docs", "b.md"), findings: [finding()] },
        { file: join("..", "elsewhere", "c.md"), findings: [finding()] },
      ],
      options,
    );
    expect(validate(log)).toEqual([]);
    const uris = log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation);
    expect(uris).toEqual([
      { uri: "post%20mortems/INC%20%231.md", uriBaseId: "%SRCROOT%" },
      { uri: "docs/b.md", uriBaseId: "%SRCROOT%" },
      { uri: pathToFileURL(join("/", "elsewhere", "c.md")).href },
    ]);
  });

  it("fingerprints: stable where the sentence moves, and distinct for a repeated sentence", () => {
    const one = lintReportSarif([{ file: "a.md", findings: [finding({ line: 3 })] }], options);
    const moved = lintReportSarif(
      [{ file: "a.md", findings: [finding({ line: 9 }), finding({ line: 12 })] }],
      options,
    );
    const print = (log: typeof one) =>
      log.runs[0]?.results.map((r) => r.partialFingerprints["blamelessSentenceHash/v1"]);
    const [first] = print(one) ?? [];
    expect(first).toMatch(/^[0-9a-f]{32}:1$/);
    expect(print(moved)).toEqual([first, first?.replace(/:1$/, ":2")]);
  });

  it("the schema check itself rejects a broken log", () => {
    const log = lintReportSarif([{ file: "a.md", findings: [finding()] }], options);
    const broken = structuredClone(log) as unknown as {
      runs: {
        results: {
          level: string;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[];
      }[];
    };
    const result = broken.runs[0]?.results[0];
    if (!result?.locations[0]) throw new Error("no result");
    result.level = "severe";
    result.locations[0].physicalLocation.region.startLine = 0;
    expect(validate(broken).length).toBeGreaterThan(0);
  });
});
