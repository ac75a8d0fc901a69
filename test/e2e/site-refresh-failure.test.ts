import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";

/**
 * Issue 14, defect 7: with the publish folder not writable, `!inc update` and `!inc resolve` were
 * recorded and then answered "Something went wrong handling that", which invites a duplicate.
 * A regular file stands in the folder's way, which fails for root too.
 */

let outside: string;
let publishDir: string;
let t: ConsoleApp;

beforeAll(async () => {
  outside = mkdtempSync(join(tmpdir(), "firebreak-publish-"));
  writeFileSync(join(outside, "blocker"), "a file where the publish folder's parent should be\n");
  publishDir = join(outside, "blocker", "public");
  t = await startConsoleApp({ config: { publishDir }, siteRetryMs: 50 });
});
afterAll(async () => {
  await t.close();
  rmSync(outside, { recursive: true, force: true });
});

describe("a site refresh that fails after a command was recorded", () => {
  it("says the update was recorded and the refresh failed, with the path; then retries", async () => {
    await t.chat.type("general", "alice", "!inc declare Checkout errors --sev 2");
    await t.app.drain();
    t.take();
    await t.chat.type("inc-1", "alice", "!inc update Rolled back the deploy");
    const said = t.take().join("\n");
    expect(said).not.toContain("Something went wrong");
    expect(said).toContain("Rolled back the deploy");
    expect(said).toMatch(/INC-1's update is recorded, but the public site could not be refreshed/);
    expect(said).toContain(publishDir);
    expect(t.app.service.timeline(1).filter((e) => e.event.kind === "update")).toHaveLength(1);

    // Once the folder can be written, the refresh happens without anyone asking again.
    rmSync(join(outside, "blocker"));
    for (let i = 0; i < 100 && !existsSync(join(publishDir, "index.html")); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(existsSync(join(publishDir, "index.html"))).toBe(true);
  });

  it("the same for a resolve", async () => {
    rmSync(join(outside, "blocker"), { recursive: true, force: true });
    writeFileSync(join(outside, "blocker"), "in the way again\n");
    await t.chat.type("inc-1", "alice", "!inc resolve");
    const said = t.take().join("\n");
    expect(said).not.toContain("Something went wrong");
    expect(said).toMatch(
      /INC-1's resolution is recorded, but the public site could not be refreshed/,
    );
    expect(t.app.service.get(1)?.status).toBe("resolved");
  });
});
