import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir } from "../helpers/temp-store.ts";
import { findTool, requireTool, SKIP_NOTES_VARIABLE } from "./helpers/external-tools.ts";

/**
 * `npm test` on a machine with only Node and npm: a suite whose program is missing is skipped and
 * noted with what to install; under CI=true the same suite fails with the reason instead.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeTempDir(dir);
});

function folder(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}

const suite = new URL("./site-browser.test.ts", import.meta.url).href;

describe("external tools", () => {
  it("finds a program named by its variable or on PATH, and nothing on an empty machine", () => {
    const bin = join(folder(), "bin");
    mkdirSync(bin);
    const program = join(bin, "prometheus-alertmanager");
    writeFileSync(program, "#!/bin/sh\n", { mode: 0o755 });

    expect(findTool("alertmanager", { PATH: bin })).toBe(program);
    expect(findTool("alertmanager", { PATH: "", ALERTMANAGER_BIN: program })).toBe(program);
    expect(findTool("alertmanager", { PATH: "", ALERTMANAGER_BIN: join(bin, "nope") })).toBe(
      undefined,
    );
    expect(findTool("chromium", { PATH: bin, CHROMIUM_BIN: join(bin, "nope") })).toBe(undefined);
  });

  it("skips a suite whose program is missing and notes one line saying what to install", () => {
    const notes = join(folder(), "skipped.txt");
    const env = { PATH: "", CHROMIUM_BIN: "/nonexistent/chromium", [SKIP_NOTES_VARIABLE]: notes };

    expect(requireTool("chromium", suite, env)).toBe(undefined);
    expect(readFileSync(notes, "utf8")).toBe(
      "skipped test/e2e/site-browser.test.ts: needs headless Chromium; to run it: " +
        "apt-get install -y --no-install-recommends chromium\n",
    );
  });

  it("under CI=true fails the suite with the reason instead of skipping it", () => {
    const notes = join(folder(), "skipped.txt");
    const env = {
      CI: "true",
      PATH: "",
      ALERTMANAGER_BIN: "/nonexistent/am",
      [SKIP_NOTES_VARIABLE]: notes,
    };

    expect(() => requireTool("alertmanager", suite, env)).toThrow(
      /CI=true, so test\/e2e\/site-browser\.test\.ts may not be skipped: the real Prometheus Alertmanager is not installed \(looked for \/nonexistent\/am\)\. Install it with `apt-get update && apt-get install -y --no-install-recommends prometheus-alertmanager`/,
    );
  });
});
