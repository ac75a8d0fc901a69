import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  eventually,
  type FakeHomeserver,
  type MatrixApp,
  startFakeHomeserver,
  startMatrixApp,
} from "./helpers/fake-homeserver.ts";

describe("Matrix sync position", () => {
  let fake: FakeHomeserver;
  let bot: string;
  let alice: string;
  let general: string;
  const apps: MatrixApp[] = [];

  const start = async (dataDir?: string) => {
    const app = await startMatrixApp(fake, { bot, ...(dataDir ? { dataDir } : {}) });
    apps.push(app);
    return app;
  };
  const botSaid = (roomId: string) => fake.saidBy(roomId, bot);

  beforeEach(async () => {
    fake = await startFakeHomeserver();
    bot = fake.registerUser("firebreak", "Firebreak");
    alice = fake.registerUser("alice", "Alice");
    general = fake.createRoom(alice, { name: "General", invite: [bot] });
    fake.join(general, bot);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await fake.close();
  });

  it("does not replay history on the very first start", async () => {
    fake.say(general, alice, "!inc declare Something from last week");
    const t = await start();
    await t.settle();
    expect(t.app.service.list()).toEqual([]);
    expect(botSaid(general)).toEqual([]);
    expect(t.chat.isConnected()).toBe(true);
    const ready = await t.app.http.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
  });

  it("reports the connection down while /sync fails, and recovers by itself", async () => {
    const t = await start();
    fake.rateLimit("GET", /\/sync$/, 3, 100);
    fake.say(general, alice, "hello"); // ends the current long poll; the next three fail
    await eventually(() => !t.chat.isConnected(), "the connection to drop");
    const down = await t.app.http.inject({ method: "GET", url: "/readyz" });
    expect(down.statusCode).toBe(503);
    await eventually(() => t.chat.isConnected(), "the connection to come back");
    fake.say(general, alice, "!inc list");
    await t.settle();
    expect(botSaid(general)).toEqual(["No open incidents."]);
  });

  it("after a restart handles what was said while it was down, once, and nothing from before", async () => {
    const first = await start();
    fake.say(general, alice, "!inc declare Nova API slow");
    await first.settle();
    const roomId = fake.roomNamed("INC-1: Nova API slow");
    fake.join(roomId, alice);
    await first.settle();
    await first.stop();
    expect(first.chat.isConnected()).toBe(false);

    // While the bot is down.
    fake.say(roomId, alice, "!inc ack");
    fake.say(general, alice, "!inc declare Glance images stuck");

    const second = await start(first.dataDir);
    await second.settle();
    expect(second.app.service.list().map((incident) => incident.title)).toEqual([
      "Glance images stuck",
      "Nova API slow",
    ]);
    const kinds = second.app.service.timeline(1).map((entry) => entry.event.kind);
    expect(kinds).toEqual(["declared", "acknowledged"]);
    expect(botSaid(roomId).filter((body) => body.includes("acknowledged"))).toHaveLength(1);

    // And a third start has nothing left to do.
    await second.stop();
    const third = await start(first.dataDir);
    await third.settle();
    expect(third.app.service.list()).toHaveLength(2);
    expect(third.app.service.timeline(1)).toHaveLength(2);
  });

  it("fetches what a long downtime pushed out of the sync window", async () => {
    const first = await start();
    await first.settle();
    await first.stop();
    fake.say(general, alice, "!inc declare Missed while away");
    for (let i = 0; i < 70; i++) fake.say(general, alice, `chatter ${i}`);

    const second = await start(first.dataDir);
    await second.settle();
    expect(second.app.service.list().map((incident) => incident.title)).toEqual([
      "Missed while away",
    ]);
    expect(
      fake.requests.some((request) => request.path.endsWith("/messages") && request.status === 200),
    ).toBe(true);
  });

  it("ignores its own messages, even ones that look like commands", async () => {
    const t = await start();
    fake.say(general, alice, "!inc help");
    await t.settle();
    const help = botSaid(general);
    expect(help).toHaveLength(1);
    expect(help[0]).toContain("!inc declare");
    fake.send(general, bot, "m.room.message", { msgtype: "m.text", body: "!inc declare Echo" });
    await t.settle();
    expect(t.app.service.list()).toEqual([]);
  });
});
