import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.ts";
import { isFirebreakError } from "../../src/core/firebreak-error.ts";
import { parseChatCommand } from "../../src/core/parse-chat-command.ts";
import { WEBHOOK_SOURCES } from "../../src/intake/webhook-sources.ts";
import { hostileValue as value } from "../helpers/hostile-values.ts";

const RECEIVED = "2026-11-18T09:00:00.000Z";

/** A real payload with one field replaced by something hostile. */
function mutated(base: Record<string, unknown>) {
  return fc.tuple(fc.constantFrom(...Object.keys(base)), value).map(([key, replacement]) => ({
    ...base,
    [key]: replacement,
  }));
}

const alertmanager = {
  version: "4",
  groupKey: '{}:{alertname="X"}',
  status: "firing",
  alerts: [
    {
      status: "firing",
      labels: { alertname: "X" },
      annotations: {},
      startsAt: RECEIVED,
      fingerprint: "f",
    },
  ],
};

describe("hostile input never crashes a parser", () => {
  for (const source of WEBHOOK_SOURCES) {
    it(`${source.name}: any JSON value gets alerts or a list of problems`, () => {
      fc.assert(
        fc.property(fc.oneof(value, mutated(alertmanager)), (body) => {
          const parsed = source.parse(body, RECEIVED);
          if (parsed.ok) {
            for (const alert of parsed.alerts) {
              expect(typeof alert.fingerprint).toBe("string");
              expect(Object.getPrototypeOf(alert.labels)).not.toBeNull();
              // No prototype pollution: a __proto__ label is data, not the object's prototype.
              expect(({} as Record<string, unknown>).polluted).toBeUndefined();
            }
          } else {
            expect(parsed.problems.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it("the chat command parser answers every line with a command, an error, or nothing", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.string({ unit: "binary" }).map((rest) => `!inc ${rest}`),
          fc
            .array(
              fc.oneof(
                fc.constantFrom(
                  "declare",
                  "--sev",
                  "--private",
                  '"',
                  "“",
                  "'",
                  "status",
                  "role",
                  "@",
                ),
                fc.string({ unit: "binary" }),
              ),
              { maxLength: 8 },
            )
            .map((parts) => `!inc ${parts.join(" ")}`),
        ),
        (line) => {
          const result = parseChatCommand(line, "!inc");
          expect(["ok", "error", "not-a-command"]).toContain(result.kind);
          if (result.kind === "error") expect(result.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  const dir = mkdtempSync(join(tmpdir(), "firebreak-hostile-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a config file of any content loads or fails with a ConfigError naming the file", () => {
    const file = join(dir, "firebreak.yaml");
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          value.map((v) => JSON.stringify(v) ?? ""),
        ),
        (text) => {
          writeFileSync(file, text);
          try {
            loadConfig({ configFile: file, cwd: dir }, {});
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
            expect(isFirebreakError(error) && error.message).toContain(file);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
