import { spawnSync } from "node:child_process";
import { delimiter } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir } from "../helpers/temp-store.ts";

/**
 * README's commands run through npm, which runs on the system's own Node (often older than the
 * pinned one). `npx firebreak …` must print Firebreak's output and nothing of npm's: no
 * EBADENGINE warnings about the project's `engines`. The first `npx firebreak` in a clone installs
 * a link to it in npm's npx cache, which is where npm checks engines, so each run gets a fresh cache.
 */

let cache = "";
afterEach(() => {
  if (cache) removeTempDir(cache);
  cache = "";
});

const root = new URL("../..", import.meta.url).pathname;

/** PATH as a shell outside npm sees it: without the project's node_modules/.bin (and its Node 24). */
function systemPath(): string {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => !dir.includes("node_modules"))
    .join(delimiter);
}

describe("npx firebreak on the system's npm", () => {
  it("prints the help and nothing else", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: systemPath() };
    // npm's own variables from the run that started vitest would change how npx behaves.
    for (const key of Object.keys(env)) if (key.startsWith("npm_")) delete env[key];
    cache = makeTempDir();
    env.npm_config_cache = cache;
    const run = spawnSync("npx", ["firebreak", "--help"], { cwd: root, env, encoding: "utf8" });

    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^Usage: firebreak /);
    expect(run.status).toBe(0);
  }, 30_000);
});
