import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SKIP_NOTES_VARIABLE } from "./external-tools.ts";

/**
 * Vitest global setup: suites that skip for want of a program (external-tools.ts) note it in a
 * file, and the run ends with those notes, one line per skipped suite, so a skip is never silent.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "firebreak-skips-"));
  const file = join(dir, "skipped.txt");
  // Workers are started after this and inherit the environment.
  process.env[SKIP_NOTES_VARIABLE] = file;
  return () => {
    let notes = "";
    try {
      notes = readFileSync(file, "utf8");
    } catch {
      // No suite was skipped.
    }
    rmSync(dir, { recursive: true, force: true });
    const lines = [...new Set(notes.split("\n").filter((line) => line !== ""))].sort();
    if (lines.length > 0) process.stdout.write(`\n${lines.join("\n")}\n`);
  };
}
