import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/config.ts";

/**
 * Issue 14, defect 15: server.bodyLimitBytes raised to 32 MiB let one 100,000-alert delivery
 * block the event loop for 12.6 s (/healthz timed out). The limit is capped at 4 MiB, where a
 * delivery (about 18,000 alerts) holds the loop for well under a second.
 */

const MAX = 4 * 1024 * 1024;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "firebreak-body-limit-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const withLimit = (bytes: number) => {
  const file = join(dir, "firebreak.yaml");
  writeFileSync(file, `server:\n  bodyLimitBytes: ${bytes}\n`);
  return { file, load: () => loadConfig({ cwd: dir }, {}) };
};

describe("server.bodyLimitBytes", () => {
  it("takes up to 4 MiB", () => {
    expect(withLimit(MAX).load().bodyLimitBytes).toBe(MAX);
  });

  it("refuses more, naming the file, the key and the maximum", () => {
    const { file, load } = withLimit(32 * 1024 * 1024);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`${file}: server.bodyLimitBytes: expected at most ${MAX} bytes (4 MiB)`);
  });
});
