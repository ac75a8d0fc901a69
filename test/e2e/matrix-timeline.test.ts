import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeHomeserver,
  type MatrixApp,
  startFakeHomeserver,
  startMatrixApp,
} from "./helpers/fake-homeserver.ts";

describe("the timeline from Matrix", () => {
  let fake: FakeHomeserver;
  let t: MatrixApp;
  let bot: string;
  let alice: string;
  let bob: string;
  let roomId: string;
  const sentAt = Date.parse("2026-03-02T10:15:30.250Z");

  const messages = () =>
    t.app.service.timeline(1).filter((entry) => entry.event.kind === "message");

  beforeEach(async () => {
    fake = await startFakeHomeserver();
    bot = fake.registerUser("firebreak", "Firebreak");
    alice = fake.registerUser("alice", "Alice Liddell");
    bob = fake.registerUser("bob", "Bob");
    const general = fake.createRoom(alice, { name: "General", invite: [bot] });
    fake.join(general, bot);
    t = await startMatrixApp(fake, { bot });
    fake.say(general, alice, "!inc declare Nova API slow");
    await t.settle();
    roomId = fake.roomNamed("INC-1: Nova API slow");
    fake.join(roomId, alice);
    fake.invite(roomId, alice, bob);
    fake.join(roomId, bob);
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  it("answers a long timeline in events that each stay under Matrix's 64 KiB", async () => {
    // `<` becomes `&lt;` in the HTML body: four notes make an answer of some 80 KB.
    const notes = [1, 2, 3, 4].map((n) => `${n}${"<".repeat(3_990)}`);
    for (const note of notes) {
      fake.say(roomId, alice, `!inc note ${note}`);
      await t.settle();
    }
    const before = fake.messagesFrom(roomId, bot).length;
    fake.say(roomId, alice, "!inc timeline");
    await t.settle();
    const answer = fake.messagesFrom(roomId, bot).slice(before);
    expect(answer.length).toBeGreaterThan(1);
    for (const event of answer) {
      expect(Buffer.byteLength(JSON.stringify(event.content))).toBeLessThan(65_536);
    }
    const bodies = answer.map((event) => String(event.content.body)).join("\n");
    expect(bodies).toMatch(/^Timeline of INC-1/);
    for (const note of notes) expect(bodies).toContain(`Alice Liddell: ${note}`);
  });

  it("a 📌 reaction records the message at its origin_server_ts, with the sender's name", async () => {
    const said = fake.say(roomId, bob, "conductor queue is at 40k and rising", sentAt);
    fake.react(roomId, alice, said, "📌");
    await t.settle();
    const [entry, ...others] = messages();
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      occurredAt: "2026-03-02T10:15:30.250Z",
      actor: { id: bob, name: "Bob" },
      text: "conductor queue is at 40k and rising",
      event: { kind: "message", platform: "matrix", roomId, messageId: said, pinnedBy: alice },
    });
    const said2 = fake.saidBy(roomId, bot);
    expect(said2).toContain("📌 Bob's message is on the timeline, at the time it was sent.");
  });

  it("follows an edit of the message, and withdraws it when the message is redacted", async () => {
    const said = fake.say(roomId, bob, "restarted conductor on ctl-1", sentAt);
    fake.react(roomId, alice, said, ":pushpin:");
    await t.settle();
    fake.edit(roomId, bob, said, "restarted conductor on ctl-2");
    await t.settle();
    expect(messages()[0]).toMatchObject({
      text: "restarted conductor on ctl-2",
      withdrawnAt: null,
    });
    expect(messages()[0]?.editedAt).not.toBeNull();

    // Someone else's "edit" is not an edit.
    fake.send(roomId, alice, "m.room.message", {
      msgtype: "m.text",
      body: "* nonsense",
      "m.new_content": { msgtype: "m.text", body: "nonsense" },
      "m.relates_to": { rel_type: "m.replace", event_id: said },
    });
    await t.settle();
    expect(messages()[0]?.text).toBe("restarted conductor on ctl-2");

    fake.redact(roomId, bob, said);
    await t.settle();
    expect(messages()[0]?.withdrawnAt).not.toBeNull();
  });

  it("withdraws the entry when the 📌 is taken back, unless someone else's 📌 holds it", async () => {
    const said = fake.say(roomId, bob, "db1 disk at 95%", sentAt);
    const first = fake.react(roomId, alice, said, "📌️");
    const second = fake.react(roomId, bob, said, "📌");
    await t.settle();
    expect(messages()).toHaveLength(1);
    fake.redact(roomId, alice, first);
    await t.settle();
    expect(messages()[0]?.withdrawnAt).toBeNull();
    fake.redact(roomId, bob, second);
    await t.settle();
    expect(messages()[0]?.withdrawnAt).not.toBeNull();
  });

  it("pinning a message in the room records it; unpinning withdraws it", async () => {
    const said = fake.say(roomId, bob, "rolled back the config change", sentAt);
    await t.settle();
    fake.setState(roomId, bot, "m.room.power_levels", "", {
      ...fake.state(roomId, "m.room.power_levels"),
      users: { [bot]: 100, [alice]: 50 },
    });
    const pinned = (fake.state(roomId, "m.room.pinned_events")?.pinned as string[]) ?? [];
    fake.setState(roomId, alice, "m.room.pinned_events", "", { pinned: [...pinned, said] });
    await t.settle();
    expect(messages()[0]).toMatchObject({
      occurredAt: "2026-03-02T10:15:30.250Z",
      actor: { id: bob, name: "Bob" },
      event: { pinnedBy: alice },
    });
    fake.setState(roomId, alice, "m.room.pinned_events", "", { pinned });
    await t.settle();
    expect(messages()[0]?.withdrawnAt).not.toBeNull();
  });

  it("turns user IDs in a pinned message into names", async () => {
    const said = fake.say(roomId, bob, "@alice:fake.test is on it", sentAt);
    fake.react(roomId, bob, said, "📌");
    await t.settle();
    expect(messages()[0]?.text).toBe("Alice Liddell is on it");
  });

  it("pins a message from before a restart, fetched from the server", async () => {
    const said = fake.say(roomId, bob, "failover done", sentAt);
    await t.settle();
    const dataDir = t.dataDir;
    await t.stop();
    fake.edit(roomId, bob, said, "failover done (ctl-2)");
    fake.react(roomId, alice, said, "📌");
    t = await startMatrixApp(fake, { bot, dataDir });
    await t.settle();
    expect(messages()[0]).toMatchObject({
      text: "failover done (ctl-2)",
      occurredAt: "2026-03-02T10:15:30.250Z",
      actor: { name: "Bob" },
    });
  });
});
