import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";
import { slackApps } from "./helpers/fake-slack.ts";

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8");

let t: ConsoleApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function consoleApp(yaml?: string): Promise<ConsoleApp> {
  t = await startConsoleApp(yaml ? { yaml } : {});
  return t;
}

/** What the bot answered to `text`, typed by `user` in `room`. */
async function say(app: ConsoleApp, user: string, text: string, room: string): Promise<string> {
  await app.chat.type(room, user, text);
  await app.app.drain();
  return app
    .take()
    .slice(1)
    .filter((line) => !line.includes("firebreak ✎"))
    .join("\n");
}

async function postAlert(app: ConsoleApp, name: string): Promise<void> {
  const response = await fetch(`${app.address}/webhooks/alertmanager`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: fixture(name),
  });
  expect(response.status).toBe(200);
  await app.app.drain();
}

describe("list, where the room reads along (console, Matrix)", () => {
  it("names a private incident only in its own room, and counts it elsewhere", async () => {
    const app = await consoleApp();
    await say(app, "alice", "!inc declare Public outage --sev 2", "general");
    await say(app, "alice", "!inc declare Leaked credentials --sev 1 --private", "general");
    await say(app, "bob", "!inc declare Payroll mistake --private", "general");

    const shared = await say(app, "alice", "!inc list", "general");
    expect(shared).toContain("INC-1 SEV2 investigating — Public outage");
    expect(shared).not.toContain("Leaked credentials");
    expect(shared).not.toContain("INC-2");
    expect(shared).toContain(
      "1 private incident you are in is left out here, where everyone in the room would read it; `!inc list` in its own room shows it.",
    );

    const own = await say(app, "alice", "!inc list", "inc-2");
    expect(own).toContain("INC-2 SEV1 investigating — Leaked credentials 🔒");
    // Bob's private incident stays out, even of a room only some of whose people are in it.
    expect(own).not.toContain("Payroll");
    // Whoever is in the incident's own room sees it there.
    expect(await say(app, "carol", "!inc list", "inc-2")).toContain("Leaked credentials 🔒");

    // Someone in no private incident hears nothing of them, not even a count.
    const outsider = await say(app, "mallory", "!inc list", "general");
    expect(outsider).not.toMatch(/private|Leaked|Payroll/);
  });

  it("says so when every open incident it could list is private", async () => {
    const app = await consoleApp();
    await say(app, "alice", "!inc declare Leaked credentials --private", "general");
    await say(app, "alice", "!inc declare Stolen laptop --private", "general");
    expect(await say(app, "alice", "!inc list", "general")).toBe(
      "[general] firebreak: No open incidents to list here.\n" +
        "                     2 private incidents you are in are left out here, where everyone in the room would read them; `!inc list` in their own rooms shows them.",
    );
  });
});

describe("merge into a private incident", () => {
  const TRIAGE = "defaultRoute:\n  mode: triage\n";

  it("is refused to non-members exactly as for an incident that does not exist", async () => {
    const app = await consoleApp(TRIAGE);
    await postAlert(app, "alertmanager-firing.json");
    expect(app.app.service.get(1).status).toBe("triage");
    await say(app, "alice", "!inc declare Leaked credentials --private", "general");

    const refused = await say(app, "mallory", "!inc merge INC-2", "inc-1");
    const missing = await say(app, "mallory", "!inc merge INC-99", "inc-1");
    expect(refused).toBe("[inc-1] firebreak: There is no INC-2 that you can see.");
    expect(missing.replace("INC-99", "INC-2")).toBe(refused);
    // Nothing was merged or written into the private incident.
    expect(app.app.service.get(1).status).toBe("triage");
    expect(app.app.service.timeline(2).map((entry) => entry.event.kind)).toEqual(["declared"]);
  });

  it("works for a member, without naming the private incident in the merged one's room", async () => {
    const app = await consoleApp(TRIAGE);
    await postAlert(app, "alertmanager-firing.json");
    await say(app, "alice", "!inc declare Leaked credentials --private", "general");
    const merged = await say(app, "alice", "!inc merge INC-2", "inc-1");
    expect(merged).toContain(
      "[inc-1] firebreak: alice set the status to *merged*: merged into a private incident",
    );
    expect(merged).not.toMatch(/\[inc-1\].*INC-2/);
    expect(app.app.service.get(1).status).toBe("merged");
    const target = app.app.service.timeline(2).map((entry) => entry.text);
    expect(target.some((text) => text.startsWith("INC-1 was merged into this incident"))).toBe(
      true,
    );
  });

  it("keeps a private incident's timeline out of a public one", async () => {
    const app = await consoleApp(`${TRIAGE}  private: true\n`);
    await postAlert(app, "alertmanager-firing.json");
    expect(app.app.service.get(1)).toMatchObject({ status: "triage", private: true });
    await say(app, "alice", "!inc declare Public outage", "general");
    expect(await say(app, "alice", "!inc merge INC-2", "inc-1")).toContain(
      "INC-1 is private: merge it into another private incident",
    );
    expect(app.app.service.get(1).status).toBe("triage");
  });
});

describe("Slack /incident list", () => {
  const apps = slackApps();
  afterEach(apps.closeAll);

  it("answers a member privately when the list names a private incident", async () => {
    const s = await apps.start();
    await s.command("declare Leaked credentials --private --sev 1");
    await s.settle();
    const postedBefore = s.fake.callsTo("chat.postMessage").length;
    await s.command("list");
    await s.settle();
    const posted = s.fake.callsTo("chat.postMessage").slice(postedBefore);
    expect(posted.map((call) => String(call.args.text)).join("\n")).not.toContain("Leaked");
    const ephemeral = s.fake
      .callsTo("chat.postEphemeral")
      .filter((call) => String(call.args.text).includes("Leaked credentials"));
    expect(ephemeral.map((call) => call.args)).toEqual([
      expect.objectContaining({ channel: "C0GENERAL", user: "U0ALICE" }),
    ]);
  });

  it("still answers in the channel when nothing private is listed", async () => {
    const s = await apps.start();
    await s.command("declare Public outage --sev 2");
    await s.settle();
    await s.command("list");
    await s.settle();
    const texts = s.fake.callsTo("chat.postMessage").map((call) => String(call.args.text));
    expect(texts.some((text) => text.includes("Open incidents (1)"))).toBe(true);
  });
});
