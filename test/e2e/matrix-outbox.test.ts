import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Content,
  eventually,
  type FakeHomeserver,
  type MatrixApp,
  startFakeHomeserver,
  startMatrixApp,
} from "./helpers/fake-homeserver.ts";

describe("Matrix delivery through the outbox", () => {
  let fake: FakeHomeserver;
  let t: MatrixApp;
  let bot: string;
  let alice: string;
  let general: string;

  /** What the bot posted in a room (edits apart), as text. */
  const said = (roomId: string) => fake.saidBy(roomId, bot, "posts");

  beforeEach(async () => {
    fake = await startFakeHomeserver();
    bot = fake.registerUser("firebreak", "Firebreak");
    alice = fake.registerUser("alice", "Alice");
    general = fake.createRoom(alice, { name: "General", invite: [bot] });
    fake.join(general, bot);
    t = await startMatrixApp(fake, { bot });
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  const declare = async () => {
    fake.say(general, alice, "!inc declare Keystone tokens failing --sev 2");
    await t.settle();
    const roomId = fake.roomNamed("INC-1: Keystone tokens failing");
    fake.join(roomId, alice);
    return roomId;
  };

  it("posts once when the homeserver took a message but the answer was lost", async () => {
    const roomId = await declare();
    // The next message the bot sends is stored by the server, but the connection drops.
    fake.loseAnswers("PUT", /\/send\/m\.room\.message\//, 1);
    fake.say(roomId, alice, "!inc note conductor queue at 40k");
    // Tried again (settling drains the outbox, backoff or not), with the same transaction ID.
    await t.settle();
    await eventually(() => t.app.store.outbox.counts().waiting === 0, "the retry", 10_000);
    expect(said(roomId).filter((text) => text === "📝 Noted on the timeline.")).toHaveLength(1);
    const sends = fake.requests.filter(
      (request) => request.method === "PUT" && request.path.includes("/send/m.room.message/"),
    );
    const paths = sends.map((request) => request.path);
    expect(new Set(paths).size).toBeLessThan(paths.length); // the same txnId was sent twice
  });

  it("holds the room's messages through an outage and delivers them in order afterwards", async () => {
    const roomId = await declare();
    const before = said(roomId).length;
    fake.setDown(true);
    fake.say(roomId, alice, "!inc ack");
    await t.settle();
    fake.say(roomId, alice, "!inc note restarting conductor on ctl2");
    await t.settle();
    fake.say(roomId, alice, "!inc status identified conductor queue");
    await t.settle();
    expect(said(roomId)).toHaveLength(before);
    // The incident itself moved on regardless.
    expect(t.app.service.get(1)).toMatchObject({ status: "identified" });
    expect(t.app.store.outbox.counts().waiting).toBeGreaterThanOrEqual(3);

    // Back: settling tries everything waiting now (the worker's own timer would, within a minute;
    // test/e2e/chat-outage.test.ts shows that on a controlled clock).
    fake.setDown(false);
    await t.settle();
    await eventually(() => t.app.store.outbox.counts().waiting === 0, "the backlog", 15_000);
    const after = said(roomId).slice(before);
    const position = (start: string) => after.findIndex((text) => text.startsWith(start));
    expect(position("Alice acknowledged INC-1")).toBe(0);
    expect(position("Alice acknowledged INC-1")).toBeLessThan(position("📝 Noted"));
    expect(position("📝 Noted")).toBeLessThan(position("Alice set the status to *identified*"));
    // Nothing twice, and the summary shows the current state.
    expect(new Set(after).size).toBe(after.length);
    const lastEdit = fake.messagesFrom(roomId, bot, "edits").at(-1);
    const replacement = lastEdit?.content["m.new_content"] as Content | undefined;
    expect(String(replacement?.body)).toMatch(/^\*INC-1\* · SEV2 · identified/);
  });
});
