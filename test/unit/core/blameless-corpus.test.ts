import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkBlameless } from "../../../src/core/blameless-check.ts";

interface CorpusEntry {
  readonly text: string;
  readonly blameful: boolean;
  readonly category: string;
}

// A labelled corpus written before the check, in the style of public postmortems: it measures the
// check as a whole rather than pinning individual phrasings.
const corpus: CorpusEntry[] = readFileSync(
  new URL("../../fixtures/blameless-corpus.jsonl", import.meta.url),
  "utf8",
)
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as CorpusEntry);

describe("blameless corpus", () => {
  it("is big enough and about half blameful", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(400);
    const blameful = corpus.filter((entry) => entry.blameful).length;
    expect(blameful / corpus.length).toBeGreaterThan(0.4);
    expect(blameful / corpus.length).toBeLessThan(0.6);
  });

  it("finds blameful sentences with precision and recall of at least 0.95", () => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const mistakes: string[] = [];
    for (const entry of corpus) {
      const flagged = checkBlameless(entry.text).length > 0;
      if (flagged && entry.blameful) truePositives += 1;
      if (flagged && !entry.blameful) falsePositives += 1;
      if (!flagged && entry.blameful) falseNegatives += 1;
      if (flagged !== entry.blameful) {
        mistakes.push(`${flagged ? "FP" : "FN"} [${entry.category}] ${entry.text}`);
      }
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    // The linter forbids console; the figure belongs in the test output all the same.
    process.stdout.write(
      `blameless corpus: ${corpus.length} sentences, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n`,
    );
    if (process.env.BLAMELESS_MISTAKES) process.stdout.write(`${mistakes.join("\n")}\n`);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
