import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sarifValidator } from "../helpers/sarif-schema.ts";
import { oneErrorLine, runCli } from "./helpers/run-cli.ts";

/** `firebreak lint --format text|json|sarif`, run as CI would: from the repository's root. */
describe("firebreak lint --format", () => {
  const BAD = "postmortems/INC-7.md";
  const GOOD = "postmortems/INC-8.md";
  let dir: string;
  const lint = (...args: string[]) => runCli(["lint", ...args], {}, { cwd: dir });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-lint-formats-"));
    mkdirSync(join(dir, "postmortems"));
    writeFileSync(
      join(dir, BAD),
      [
        "# INC-7: checkout errors",
        "",
        "## What happened",
        "",
        "The outage was human error.",
        "",
        "Bob should have checked the dashboard before the deploy.",
        "",
        "The disk filled up. Someone forgot the log rotation flag.",
        "",
      ].join("\n"),
    );
    writeFileSync(join(dir, GOOD), "# INC-8\n\nThe disk filled up because log rotation was off.\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("sarif: a valid SARIF 2.1.0 log of the findings, with rule ids, lines and uris; exit 1", async () => {
    const result = await lint("--format", "sarif", BAD, GOOD);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    const log = JSON.parse(result.stdout);
    expect(sarifValidator()(log)).toEqual([]);
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    expect(run.tool.driver.name).toBe("firebreak");
    expect(run.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);

    // The same findings as --format json: the rule id is the category, or blameless-language.
    const findings = JSON.parse((await lint("--format", "json", BAD, GOOD)).stdout) as {
      line: number;
      category: string | null;
      column: number | null;
      sentence: string;
    }[];
    const results = run.results as {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId: string };
          region: { startLine: number; startColumn?: number; snippet: { text: string } };
        };
      }[];
    }[];
    expect(results).toHaveLength(findings.length);
    expect(new Set(results.map((r) => r.locations[0]?.physicalLocation.region.startLine))).toEqual(
      new Set([5, 7, 9]),
    );
    results.forEach((r, i) => {
      const finding = findings[i];
      expect(r.ruleId).toBe(finding?.category ?? "blameless-language");
      expect(r.ruleId).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
      expect(r.level).toBe("warning");
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      const { artifactLocation, region } = r.locations[0]?.physicalLocation ?? {};
      expect(artifactLocation).toEqual({ uri: BAD, uriBaseId: "%SRCROOT%" });
      expect(region?.startLine).toBe(finding?.line);
      expect(region?.startColumn).toBe(finding?.column ?? undefined);
      expect(region?.snippet.text).toBe(finding?.sentence);
    });
    // One rule per distinct rule id, each with a description and help.
    const ruleIds = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(ruleIds).toEqual([...new Set(results.map((r) => r.ruleId))]);
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text).not.toBe("");
      expect(rule.help.text).not.toBe("");
    }
  });

  it("sarif on clean files: a valid log with no results; exit 0", async () => {
    const result = await lint("--format", "sarif", GOOD);
    expect(result.code).toBe(0);
    const log = JSON.parse(result.stdout);
    expect(sarifValidator()(log)).toEqual([]);
    expect(log.runs[0].results).toEqual([]);
  });

  it("json: an array of findings with file, line, column, category, phrase, why, suggestion, sentence", async () => {
    const result = await lint("--format", "json", BAD, GOOD);
    expect(result.code).toBe(1);
    const findings = JSON.parse(result.stdout);
    expect(Array.isArray(findings)).toBe(true);
    expect(findings.map((f: { line: number }) => f.line)).toEqual(
      expect.arrayContaining([5, 7, 9]),
    );
    for (const finding of findings) {
      expect(Object.keys(finding).sort()).toEqual(
        ["category", "column", "file", "line", "phrase", "sentence", "suggestion", "why"].sort(),
      );
      expect(finding.file).toBe(BAD);
    }
    expect(findings[0]).toMatchObject({
      line: 5,
      phrase: "human error",
      sentence: "The outage was human error.",
      suggestion: expect.stringContaining("Describe the conditions instead"),
    });
    const clean = await lint("--format", "json", GOOD);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual([]);
  });

  it("text stays the default, and unchanged", async () => {
    const byDefault = await lint(BAD);
    const text = await lint("--format", "text", BAD);
    expect(text).toEqual(byDefault);
    expect(byDefault.code).toBe(1);
    expect(byDefault.stdout).toMatch(
      new RegExp(
        String.raw`^${BAD}:5: “human error” — .+\n  in: The outage was human error\.\n  try: Describe the conditions instead.+\n`,
      ),
    );
    expect(byDefault.stdout).toMatch(/\n\d+ finding\(s\)\.\n$/);
    const clean = await lint(GOOD);
    expect(clean).toMatchObject({ code: 0, stdout: "1 file(s) checked: nothing found.\n" });
  });

  it("an unknown format is a usage error naming the accepted ones", async () => {
    const result = await lint("--format", "xml", BAD);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Allowed choices are text, json, sarif.");
  });

  it("an unreadable file fails as before, and json/sarif print no partial document", async () => {
    for (const format of ["json", "sarif"]) {
      const result = await lint("--format", format, BAD, "postmortems/missing.md");
      expect(oneErrorLine(result)).toBe("firebreak: postmortems/missing.md: ENOENT");
      expect(result.stdout).toBe("");
    }
    // Text prints as it goes: the findings before the unreadable file, then the error.
    const text = await lint(BAD, "postmortems/missing.md");
    expect(oneErrorLine(text)).toBe("firebreak: postmortems/missing.md: ENOENT");
    expect(text.stdout).toContain(`${BAD}:5: “human error”`);
  });
});
