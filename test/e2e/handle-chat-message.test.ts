import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";

describe("chat commands on the console chat", () => {
  let t: ConsoleApp;
  beforeEach(async () => {
    t = await startConsoleApp();
  });
  afterEach(() => t.close());

  const say = async (user: string, text: string, room = "inc-1") => {
    await t.chat.type(room, user, text);
    await t.app.drain();
    // Drop the echo of what the user typed, and summary edits (tested on their own below).
    return t
      .take()
      .slice(1)
      .filter((line) => !line.includes("firebreak ✎"));
  };

  it("declare opens an incident with its own room and says where", async () => {
    const replies = await say(
      "alice",
      "!inc declare Keystone tokens failing --sev 2 --service keystone",
      "general",
    );
    expect(replies.join("\n")).toContain(
      "[inc-1] firebreak: *INC-1* · SEV2 · investigating — Keystone tokens failing",
    );
    expect(replies.join("\n")).toContain(
      "[general] firebreak: alice declared INC-1: Keystone tokens failing — join inc-1",
    );
    const incident = t.app.service.get(1);
    expect(incident).toMatchObject({
      title: "Keystone tokens failing",
      severity: 2,
      service: "keystone",
      status: "investigating",
      declaredBy: "alice",
    });
    expect(t.app.store.rooms.findByRoom("console", "inc-1")?.incidentNumber).toBe(1);
  });

  it("runs a whole response and records each step on the timeline", async () => {
    await say("alice", "!inc declare Nova API slow", "general");
    const acked = await say("alice", "!inc ack");
    expect(acked[0]).toBe("[inc-1] firebreak: alice acknowledged INC-1 and is now the commander.");
    // Whoever takes a role gets its checklist.
    expect(acked[1]).toMatch(
      /^\[inc-1\] firebreak: alice, as commander:\n +1\. Confirm the severity/,
    );
    expect(acked).toHaveLength(2);
    t.clock.advance(60_000);
    expect(await say("bob", "!inc ack")).toEqual(["[inc-1] firebreak: bob acknowledged INC-1."]);
    const scribe = await say("alice", "!inc role scribe @carol");
    expect(scribe[0]).toBe("[inc-1] firebreak: alice made carol scribe.");
    expect(scribe[1]).toMatch(/^\[inc-1\] firebreak: carol, as scribe:\n +1\. Record decisions/);
    expect(await say("alice", "!inc sev 1")).toEqual([
      "[inc-1] firebreak: alice changed the severity from SEV3 to SEV1.",
    ]);
    expect(await say("bob", "!inc note conductor queue at 40k")).toEqual([
      "[inc-1] firebreak: 📝 Noted on the timeline.",
    ]);
    expect((await say("alice", "!inc update Server creation is slow"))[0]).toContain(
      "Status update from alice (investigating): Server creation is slow",
    );
    expect(await say("bob", "!inc status identified found it")).toEqual([
      "[inc-1] firebreak: bob set the status to *identified*: found it",
    ]);
    t.clock.advance(600_000);
    expect((await say("alice", "!inc resolve restarted conductor"))[0]).toContain(
      "alice resolved INC-1: restarted conductor",
    );

    const incident = t.app.service.get(1);
    expect(incident.status).toBe("resolved");
    expect(incident.roles.commander?.id).toBe("alice");
    expect(incident.roles.scribe?.id).toBe("carol");
    expect(incident.acknowledgedAt).toBe("2026-11-18T09:12:40.000Z");
    expect(incident.resolvedAt).toBe("2026-11-18T09:23:40.000Z");
    const kinds = t.app.service.timeline(1).map((entry) => entry.event.kind);
    expect(kinds).toEqual([
      "declared",
      "acknowledged",
      "acknowledged",
      "role",
      "severity",
      "note",
      "update",
      "status",
      "resolved",
    ]);

    const timeline = (await say("alice", "!inc timeline")).join("\n");
    expect(timeline).toContain("Timeline of INC-1 (times in UTC):");
    expect(timeline).toContain("09:13:40  bob: conductor queue at 40k");
    expect(timeline).toContain("09:23:40  alice: Resolved: restarted conductor");
  });

  it("answers a mistyped or incomplete command with the error and the usage line", async () => {
    await say("alice", "!inc declare Something", "general");
    expect((await say("bob", "!inc stauts identified")).join("\n")).toContain(
      'Unknown sub-command "stauts". Did you mean !inc status?',
    );
    const missing = (await say("bob", "!inc status")).join("\n");
    expect(missing).toContain("Missing <status>.");
    expect(missing).toContain(
      "Usage: !inc status <investigating|identified|monitoring|resolved> [text…]",
    );
    expect((await say("bob", "!inc sev 9")).join("\n")).toContain('"9" is not a severity');
    expect(t.app.service.timeline(1)).toHaveLength(1);
  });

  it("refuses illegal moves with a clear message and changes nothing", async () => {
    await say("alice", "!inc declare Something", "general");
    await say("alice", "!inc resolve");
    const reply = (await say("alice", "!inc ack")).join("\n");
    expect(reply).toContain("INC-1 is resolved; you cannot acknowledge it any more.");
    expect((await say("alice", "!inc status resolved")).join("\n")).toContain(
      "The incident is already resolved.",
    );
    expect(t.app.service.timeline(1).map((entry) => entry.event.kind)).toEqual([
      "declared",
      "resolved",
    ]);
  });

  it("says when a command needs an incident room", async () => {
    const reply = (await say("alice", "!inc ack", "general")).join("\n");
    expect(reply).toContain("This is not an incident room");
    expect(reply).toContain("!inc declare <title>");
  });

  it("help lists every sub-command; help <sub> explains one", async () => {
    const help = (await say("alice", "!inc help", "general")).join("\n");
    for (const sub of [
      "declare",
      "ack",
      "status",
      "sev",
      "role",
      "update",
      "note",
      "timeline",
      "resolve",
      "list",
      "help",
    ]) {
      expect(help).toContain(`!inc ${sub}`);
    }
    const one = (await say("alice", "!inc help declare", "general")).join("\n");
    expect(one).toContain("Usage: !inc declare <title…> [--sev N] [--service S] [--private]");
    expect(one).toContain("--private");
  });

  it("lists open incidents, hiding private ones from people outside them", async () => {
    await say("alice", "!inc declare Public outage --sev 2", "general");
    await say("alice", "!inc declare Leaked credentials --sev 1 --private", "general");
    await say("alice", "!inc resolve", "inc-1");
    t.clock.advance(90_000);
    // The console has no private replies: a shared room hears only that something is left out.
    const inGeneral = (await say("alice", "!inc list", "general")).join("\n");
    expect(inGeneral).not.toContain("Leaked credentials");
    expect(inGeneral).toContain("1 private incident you are in is left out here");
    const forAlice = (await say("alice", "!inc list", "inc-2")).join("\n");
    expect(forAlice).toContain("INC-2 SEV1 investigating — Leaked credentials 🔒");
    expect(forAlice).not.toContain("Public outage");
    const forMallory = (await say("mallory", "!inc list", "general")).join("\n");
    expect(forMallory).toBe("[general] firebreak: No open incidents.");
  });

  it("keeps the summary message current by editing it, not by posting a new one", async () => {
    await say("alice", "!inc declare Nova API slow", "general");
    await t.chat.type("inc-1", "alice", "!inc ack");
    await t.chat.type("inc-1", "alice", "!inc sev 2");
    await t.app.drain();
    const edits = t.take().filter((line) => line.includes("firebreak ✎"));
    // Two changes made in quick succession become one edit with both.
    expect(edits).toEqual([
      "[inc-1] firebreak ✎: *INC-1* · SEV2 · investigating — Nova API slow\n                     Roles: commander: alice",
    ]);
  });

  it("ignores ordinary chat", async () => {
    expect(await say("alice", "is anyone looking at nova?", "general")).toEqual([]);
  });
});

describe("private incidents", () => {
  it("keep their title out of the room they were declared from", async () => {
    const t = await startConsoleApp();
    try {
      await t.chat.type("general", "alice", "!inc declare Leaked credentials --private");
      await t.app.drain();
      const general = t.take().filter((line) => line.startsWith("[general] firebreak"));
      expect(general).toEqual([
        "[general] firebreak: You declared private INC-1; its room inc-1 is invite-only.",
      ]);
      expect(t.app.service.get(1).private).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe("pinned messages", () => {
  let t: ConsoleApp;
  beforeEach(async () => {
    t = await startConsoleApp();
    await t.chat.type("general", "alice", "!inc declare Nova API slow");
  });
  afterEach(() => t.close());

  const messages = () =>
    t.app.service.timeline(1).filter((entry) => entry.event.kind === "message");

  it("put a message on the timeline at the time it was sent, by its author", async () => {
    t.clock.set("2026-11-18T09:20:00Z");
    await t.chat.type("inc-1", "bob", "conductor queue is at 40k and rising");
    t.clock.set("2026-11-18T09:25:00Z");
    await t.chat.pin("inc-1", "alice");
    await t.app.drain();
    const [pinned] = messages();
    expect(pinned).toMatchObject({
      occurredAt: "2026-11-18T09:20:00.000Z",
      recordedAt: "2026-11-18T09:25:00.000Z",
      actor: { id: "bob" },
      text: "conductor queue is at 40k and rising",
    });
    expect(t.lines).toContain(
      "[inc-1] firebreak: 📌 bob's message is on the timeline, at the time it was sent.",
    );
    // Pinning the same message again changes nothing.
    await t.chat.pin("inc-1", "carol");
    expect(messages()).toHaveLength(1);
  });

  it("follow edits, keep the history, and withdraw on unpin or delete", async () => {
    const handlers = t.handlers();
    await t.chat.type("inc-1", "bob", "restarted conductor on ctl-1");
    await t.chat.pin("inc-1", "alice");
    const [pinned] = messages();
    if (pinned?.event.kind !== "message") throw new Error("not pinned");
    const ref = { roomId: "inc-1", messageId: pinned.event.messageId };

    await handlers.onMessageEdited({
      ...ref,
      text: "restarted conductor on ctl-2",
      editedAt: "2026-11-18T09:30:00Z",
    });
    expect(messages()[0]).toMatchObject({
      text: "restarted conductor on ctl-2",
      editedAt: "2026-11-18T09:30:00Z",
    });

    await handlers.onUnpin(ref);
    expect(messages()[0]?.withdrawnAt).not.toBeNull();
    const shown = (await say(t, "!inc timeline")).join("\n");
    expect(shown).toContain("bob: ~restarted conductor on ctl-2~ (edited, withdrawn)");

    await t.chat.pin("inc-1", "alice");
    expect(messages()[0]?.withdrawnAt).toBeNull();
    await handlers.onMessageDeleted({ ...ref, deletedAt: "2026-11-18T09:40:00Z" });
    expect(messages()[0]?.withdrawnAt).toBe("2026-11-18T09:40:00Z");
  });

  it("ignore pins outside incident rooms", async () => {
    await t.chat.type("general", "bob", "lunch?");
    await t.chat.pin("general", "bob");
    expect(t.app.store.incidents.list()).toHaveLength(1);
    expect(messages()).toEqual([]);
  });
});

async function say(t: ConsoleApp, text: string, room = "inc-1", user = "alice") {
  await t.chat.type(room, user, text);
  await t.app.drain();
  return t.take();
}

describe("a long timeline in chat", () => {
  it("shows the newest entries up to 100,000 characters and says how many it left out", async () => {
    const t = await startConsoleApp();
    try {
      await say(t, "!inc declare Nova API slow", "general");
      for (let n = 1; n <= 30; n++) await say(t, `!inc note ${n}: ${"x".repeat(3_980)}`);
      const shown = (await say(t, "!inc timeline")).slice(1).join("\n");
      expect(shown.length).toBeLessThan(101_000);
      expect(shown).toContain("30: xxx");
      expect(shown).not.toContain("alice: 1: xxx");
      expect(shown).toMatch(
        /\(\d+ earlier entries are left out here; `firebreak timeline 1` shows them all\.\)/,
      );
      // The whole timeline is still recorded.
      expect(t.app.service.timeline(1).filter((e) => e.event.kind === "note")).toHaveLength(30);
    } finally {
      await t.close();
    }
  });
});
