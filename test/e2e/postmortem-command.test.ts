import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";

let t: ConsoleApp;
beforeEach(async () => {
  t = await startConsoleApp();
});
afterEach(() => t.close());

async function say(text: string, user = "alice", room = "inc-1") {
  await t.chat.type(room, user, text);
  await t.app.drain();
  return t.take().slice(1).join("\n");
}

async function resolvedIncident(extra = "") {
  await say(`!inc declare Keystone tokens failing ${extra}`, "alice", "general");
  await say("!inc ack");
  t.clock.advance(20 * 60_000);
  await say("!inc resolve");
}

const draftOf = () => readFileSync(join(t.config.postmortemsDir, "drafts", "INC-1.md"), "utf8");

describe("postmortem in chat", () => {
  it("writes a draft, and regenerating keeps what people wrote while refreshing the facts", async () => {
    await resolvedIncident();
    const first = await say("!inc postmortem");
    expect(first).toContain("📝 Postmortem draft of INC-1:");
    expect(first).toContain("Blameless check: nothing found.");
    writeFileSync(
      join(t.config.postmortemsDir, "drafts", "INC-1.md"),
      draftOf().replace(/(## Summary\n\n)> ✍️[^\n]*/, "$1Token validation failed for 20 minutes."),
    );
    await say("!inc action Alert on keystone 401 rate above 5% --owner @bob --due 2026-12-01");
    await say("!inc postmortem");
    const draft = draftOf();
    expect(draft).toContain("Token validation failed for 20 minutes.");
    expect(draft).toContain("| Alert on keystone 401 rate above 5% | a responder | 2026-12-01 |");
  });

  it("refuses to publish blameful language, and publishes with a recorded waiver", async () => {
    await resolvedIncident();
    await say("!inc postmortem");
    writeFileSync(
      join(t.config.postmortemsDir, "drafts", "INC-1.md"),
      draftOf().replace(
        /(## Summary\n\n)> ✍️[^\n]*/,
        "$1The operator should have rotated the keys.",
      ),
    );
    const refused = await say("!inc postmortem publish");
    expect(refused).toContain("Not published. Blameless check: 1 finding:");
    expect(refused).toContain("“should have”");
    expect(existsSync(join(t.config.postmortemsDir, "INC-1.md"))).toBe(false);

    const published = await say('!inc postmortem publish --waive "a quote from the customer"');
    expect(published).toContain("📚 Published INC-1's postmortem");
    expect(t.app.service.get(1).status).toBe("closed");
    const notes = t.app.service.timeline(1).filter((entry) => entry.event.kind === "note");
    expect(notes.map((entry) => entry.text)).toEqual([
      "Postmortem published despite 1 blameless-check finding(s): a quote from the customer",
    ]);
    expect(existsSync(join(t.config.publishDir, "incidents", "INC-1.html"))).toBe(true);
  });

  it("lets only the commander publish, and only a resolved incident", async () => {
    await say("!inc declare Keystone tokens failing", "alice", "general");
    await say("!inc ack");
    await say("!inc postmortem");
    expect(await say("!inc postmortem publish")).toContain(
      "INC-1 is investigating: resolve it before publishing",
    );
    await say("!inc resolve");
    expect(await say("!inc postmortem publish", "bob")).toContain(
      "Only the commander (alice) publishes the postmortem.",
    );
  });

  it("refuses to publish while nobody commands an open incident, saying how to take the role", async () => {
    await say("!inc declare Keystone tokens failing", "alice", "general");
    await say("!inc postmortem", "bob");
    expect(await say("!inc postmortem publish", "bob")).toContain(
      "INC-1 has no commander, and only the commander publishes its postmortem: take the role with `!inc role commander @you` first.",
    );
    await say("!inc ack", "bob");
    await say("!inc resolve", "bob");
    expect(await say('!inc postmortem publish --waive "reviewed"', "bob")).toContain(
      "📚 Published INC-1's postmortem",
    );
    expect(t.app.service.get(1).status).toBe("closed");
  });

  it("refuses to publish a resolved incident nobody commanded, and publishing nothing", async () => {
    await say("!inc declare Keystone tokens failing", "alice", "general");
    await say("!inc resolve", "bob");
    await say("!inc postmortem", "bob");
    const before = JSON.stringify([t.app.service.get(1), t.app.store.postmortems.get(1)]);
    const refused = await say('!inc postmortem publish --waive "reviewed"', "bob");
    expect(refused).toContain(
      "INC-1 has no commander, and only the commander publishes its postmortem: take the role with `!inc role commander @you` first.",
    );
    expect(JSON.stringify([t.app.service.get(1), t.app.store.postmortems.get(1)])).toBe(before);
    expect(existsSync(join(t.config.postmortemsDir, "INC-1.md"))).toBe(false);
    expect(existsSync(join(t.config.publishDir, "incidents", "INC-1.html"))).toBe(false);
    // The way the message gives works, and the incident stays resolved meanwhile.
    await say("!inc role commander @bob", "bob");
    expect(t.app.service.get(1)).toMatchObject({
      status: "resolved",
      roles: { commander: { id: "bob" } },
    });
    expect(await say('!inc postmortem publish --waive "reviewed"', "bob")).toContain(
      "📚 Published INC-1's postmortem",
    );
    expect(existsSync(join(t.config.publishDir, "incidents", "INC-1.html"))).toBe(true);
  });

  it("never publishes a private incident", async () => {
    await resolvedIncident("--private");
    await say("!inc postmortem");
    expect(await say("!inc postmortem publish")).toContain(
      "Private incidents are never published.",
    );
    expect(existsSync(join(t.config.publishDir, "incidents", "INC-1.html"))).toBe(false);
  });

  it("review moves the draft to review and says who publishes", async () => {
    await resolvedIncident();
    expect(await say("!inc postmortem review")).toContain("has no postmortem draft yet");
    await say("!inc postmortem");
    expect(await say("!inc postmortem review")).toContain("🔎 INC-1's postmortem is in review");
    expect(t.app.store.postmortems.get(1)?.status).toBe("in_review");
  });
});

describe("the status page", () => {
  it("shows open incidents with their status updates, and drops them once resolved", async () => {
    await say("!inc declare Keystone tokens failing --sev 2", "alice", "general");
    await say('!inc update Logins fail for some users --impact "30% of logins" --next 30');
    const index = () => readFileSync(join(t.config.publishDir, "index.html"), "utf8");
    expect(index()).toContain("Current incidents");
    expect(index()).toContain("INC-1: Keystone tokens failing");
    expect(index()).toContain("Logins fail for some users");
    expect(index()).toContain("Impact: 30% of logins");
    await say("!inc resolve");
    expect(index()).not.toContain("Current incidents");
  });

  it("drops an incident resolved with `status resolved` too", async () => {
    await say("!inc declare Keystone tokens failing --sev 2", "alice", "general");
    await say("!inc update Logins fail for some users");
    const index = () => readFileSync(join(t.config.publishDir, "index.html"), "utf8");
    expect(index()).toContain("Current incidents");
    await say("!inc status resolved token cache flushed");
    expect(index()).not.toContain("Current incidents");
  });

  it("never shows a private incident", async () => {
    await say("!inc declare Leaked credentials --private", "alice", "general");
    await say("!inc update Rotating keys now");
    expect(existsSync(join(t.config.publishDir, "index.html"))).toBe(false);
  });
});
