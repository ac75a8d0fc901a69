import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { logFormatFor } from "../../src/cli/logger.ts";

/** Logs read by people at a terminal are lines; logs read by collectors stay JSON. */

const SECRET = "xoxb-1111111111-2222222222-abcdefabcdefabcdef";

/** What `createLogger` writes to stderr in a fresh process with this environment. */
function stderrOf(env: NodeJS.ProcessEnv): string {
  const script = [
    `import { createLogger } from ${JSON.stringify(new URL("../../src/cli/logger.ts", import.meta.url).href)};`,
    "const log = createLogger('info');",
    `log.info({ incident: 42, token: ${JSON.stringify(SECRET)} }, 'incident room opened');`,
  ].join("\n");
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  }).stderr;
}

describe("log format", () => {
  it("is readable lines at a terminal, JSON otherwise, and FIREBREAK_LOG_FORMAT decides when set", () => {
    expect(logFormatFor({}, true)).toBe("pretty");
    expect(logFormatFor({}, false)).toBe("json");
    expect(logFormatFor({ FIREBREAK_LOG_FORMAT: "json" }, true)).toBe("json");
    expect(logFormatFor({ FIREBREAK_LOG_FORMAT: "pretty" }, false)).toBe("pretty");
    expect(logFormatFor({ FIREBREAK_LOG_FORMAT: "xml" }, false)).toBe("json");
  });

  it("writes JSON lines when stderr is not a terminal", () => {
    const out = stderrOf({ FIREBREAK_LOG_FORMAT: "" });
    const entry = JSON.parse(out.trim()) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 30, msg: "incident room opened", incident: 42 });
    expect(out).not.toContain(SECRET);
  });

  it("pretty-prints one readable line per entry, with secrets still redacted", () => {
    const out = stderrOf({ FIREBREAK_LOG_FORMAT: "pretty", NO_COLOR: "1", FORCE_COLOR: "0" });
    const lines = out.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: incident room opened \{"incident":42,/);
    expect(out).not.toContain('"level"');
    expect(out).not.toContain(SECRET);
  });
});
