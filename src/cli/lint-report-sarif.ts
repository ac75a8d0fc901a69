import { createHash } from "node:crypto";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { BLAMELESS_CATEGORIES } from "../core/blameless-check.ts";
import {
  DEFAULT_LINT_RULE,
  type LintedFile,
  type LintFinding,
  lintRuleId,
} from "./lint-findings.ts";

/** The schema a SARIF 2.1.0 log names in `$schema` (the one GitHub code scanning documents). */
export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

export interface SarifOptions {
  /** Firebreak's version (package.json), for tool.driver.version. */
  readonly version: string;
  /** The folder uris are relative to (%SRCROOT%): the current directory, the repository's root in CI. */
  readonly cwd: string;
}

/**
 * `firebreak lint --format sarif`: a SARIF 2.1.0 log, so that a postmortem repository's CI (e.g.
 * GitHub code scanning) can show the findings on the lines they are about. One run; one rule per
 * distinct rule id (the finding's category, or "blameless-language"); one result per finding, a
 * warning, located by file (relative to `cwd`, forward slashes) and line (and column when known).
 */
export function lintReportSarif(files: readonly LintedFile[], options: SarifOptions) {
  const rules = sarifRules(files.flatMap((file) => file.findings));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = files.flatMap(({ file, findings }) => {
    const location = artifactLocation(file, options.cwd);
    const seen = new Map<string, number>();
    return findings.map((finding) => {
      const ruleId = lintRuleId(finding);
      const hash = fingerprint(ruleId, finding);
      const occurrence = (seen.get(hash) ?? 0) + 1;
      seen.set(hash, occurrence);
      return {
        ruleId,
        ruleIndex: ruleIndex.get(ruleId) ?? 0,
        level: "warning" as const,
        message: { text: `“${finding.phrase}”: ${finding.why} Try: ${finding.suggestion}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
              region: {
                startLine: finding.line,
                ...(finding.column === undefined ? {} : { startColumn: finding.column }),
                snippet: { text: finding.sentence },
              },
            },
          },
        ],
        partialFingerprints: { "blamelessSentenceHash/v1": `${hash}:${occurrence}` },
      };
    });
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0" as const,
    runs: [
      {
        tool: { driver: { name: "firebreak", version: options.version, rules } },
        columnKind: "utf16CodeUnits" as const,
        results,
      },
    ],
  };
}

/**
 * One rule per rule id, in the order first found. Its description is the findings' why and its help
 * their suggestion when they all share one; otherwise (several patterns under one id) a general line,
 * and each result's message says the particular why and rewrite.
 */
function sarifRules(findings: readonly LintFinding[]) {
  const byId = new Map<string, LintFinding[]>();
  for (const finding of findings) {
    const id = lintRuleId(finding);
    const group = byId.get(id);
    if (group) group.push(finding);
    else byId.set(id, [finding]);
  }
  return [...byId].map(([id, group]) => ({
    id,
    shortDescription: {
      // The category's own description when it has one: the same for every finding of the rule.
      text:
        (BLAMELESS_CATEGORIES as Readonly<Record<string, string>>)[id] ??
        sharedText(group, (f) => f.why) ??
        `Phrasing that puts a person where a cause should be, or judges with hindsight${id === DEFAULT_LINT_RULE ? "" : ` (${id})`}; each result says why.`,
    },
    help: {
      text:
        sharedText(group, (f) => f.suggestion) ??
        "Describe the conditions and the system, not a person's failing; see each result's rewrite.",
    },
    defaultConfiguration: { level: "warning" as const },
  }));
}

function sharedText(group: readonly LintFinding[], text: (finding: LintFinding) => string) {
  const texts = new Set(group.map(text));
  return texts.size === 1 ? [...texts][0] : undefined;
}

/**
 * The file as a URI reference: relative to %SRCROOT% (the current directory), with forward slashes
 * and each segment percent-encoded, as GitHub code scanning expects; a file outside it gets an
 * absolute file: URI instead (a "../" path would name nothing in the repository).
 */
function artifactLocation(file: string, cwd: string) {
  const absolute = resolve(cwd, file);
  const path = relative(cwd, absolute);
  if (path === "" || path === ".." || path.startsWith(`..${sep}`) || isAbsolute(path)) {
    return { uri: pathToFileURL(absolute).href };
  }
  return { uri: path.split(sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
}

/** Stable while the sentence is unchanged, wherever it moves in the file. */
function fingerprint(ruleId: string, finding: LintFinding): string {
  const sentence = finding.sentence.replace(/\s+/g, " ").trim();
  return createHash("sha256")
    .update(`${ruleId}\0${finding.phrase.toLowerCase()}\0${sentence}`)
    .digest("hex")
    .slice(0, 32);
}
