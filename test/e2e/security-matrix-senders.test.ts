import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { isInviteAllowed } from "../../src/chat/matrix/matrix-invites.ts";
import { restartThingFolder } from "../helpers/runbook-folder.ts";
import {
  type FakeHomeserver,
  type MatrixApp,
  startFakeHomeserver,
  startMatrixApp,
} from "./helpers/fake-homeserver.ts";

/**
 * Security review, Matrix: the bot joins only rooms it is invited to by someone on
 * `matrix.allowInvitesFrom` (nobody by default), answers commands only in rooms it is in, only in
 * `m.text` from someone other than itself, and a ✅ reaction runs an offered command only as the
 * person who reacted, with that person's roles, in the incident that offered it.
 *
 * Already covered elsewhere and not repeated: invitations from a listed user and a listed server
 * are taken and others refused (matrix-connection.test.ts), history from before the bot joined is
 * not handled (matrix-connection/matrix-sync), the bot's own command-like messages are ignored
 * (matrix-sync.test.ts), an edit by someone other than the author is not an edit
 * (matrix-timeline.test.ts).
 */

let fake: FakeHomeserver | undefined;
let t: MatrixApp | undefined;
afterEach(async () => {
  await t?.close();
  await fake?.close();
  t = undefined;
  fake = undefined;
});

const botSaid = (server: FakeHomeserver, roomId: string, bot: string) => server.saidBy(roomId, bot);

describe("invitations", () => {
  it("with no allowInvitesFrom, the bot accepts nobody's invitation, not even its own server's", async () => {
    fake = await startFakeHomeserver();
    const bot = fake.registerUser("firebreak", "Firebreak");
    const alice = fake.registerUser("alice", "Alice");
    t = await startMatrixApp(fake, { bot });
    const room = fake.createRoom(alice, { name: "Ops", invite: [bot] });
    await t.settle();
    expect(fake.membership(room, bot)).toBe("leave");

    fake.say(room, alice, "!inc declare Pulled in without asking");
    fake.say(room, alice, "!inc list");
    await t.settle();
    expect(t.app.service.list()).toEqual([]);
    expect(botSaid(fake, room, bot)).toEqual([]);
  });

  it("logs a declined invitation at warn with the inviter, the room and the key that would allow it", async () => {
    fake = await startFakeHomeserver();
    const bot = fake.registerUser("firebreak", "Firebreak");
    const carol = fake.registerUser("carol", "Carol");
    const lines: string[] = [];
    const log = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    t = await startMatrixApp(fake, {
      bot,
      log,
      matrix: { allowInvitesFrom: ["@alice:fake.test"] },
    });
    const room = fake.createRoom(carol, { name: "Carol's ops", invite: [bot] });
    await t.settle();

    expect(fake.membership(room, bot)).toBe("leave");
    const declined = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.room === room);
    expect(declined).toHaveLength(1);
    expect(declined[0]).toMatchObject({
      level: 40,
      inviter: carol,
      configKey: "matrix.allowInvitesFrom",
      wouldAllow: [carol, "fake.test"],
    });
    expect(declined[0]?.msg).toContain("matrix.allowInvitesFrom");
    expect(declined[0]?.msg).toContain(carol);
  });

  it("refuses inviters whose IDs only look like an allowed user or server, and ignores what they say", async () => {
    fake = await startFakeHomeserver();
    const bot = fake.registerUser("firebreak", "Firebreak");
    t = await startMatrixApp(fake, {
      bot,
      matrix: { allowInvitesFrom: ["@alice:fake.test", "ops.example.org"] },
    });
    const lookalikes = [
      "@Alice:fake.test",
      "@alice:fake.test.evil.org",
      "@alice:evil.org",
      "@x:evil-ops.example.org",
      "@x:sub.ops.example.org",
      "@x:ops.example.org.evil.net",
      "@x:ops.example.org:8448",
      "@ops.example.org:evil.net",
    ];
    const rooms = lookalikes.map((inviter) => [
      inviter,
      fake?.createRoom(inviter, { name: `${inviter}'s room`, invite: [bot] }) ?? "",
    ]);
    await t.settle();
    for (const [inviter, room = ""] of rooms) {
      expect(fake.membership(room, bot), inviter).toBe("leave");
      fake.say(room, inviter ?? "", "!inc declare From a look-alike");
    }
    await t.settle();
    expect(t.app.service.list()).toEqual([]);
    for (const [, room = ""] of rooms) expect(botSaid(fake, room, bot)).toEqual([]);
    // The same rule, checked without a server.
    for (const inviter of lookalikes) {
      expect(isInviteAllowed(inviter, ["@alice:fake.test", "ops.example.org"]), inviter).toBe(
        false,
      );
    }
    expect(isInviteAllowed("@erin:OPS.example.org", ["ops.example.org"])).toBe(true);
  });
});

describe("where and from whom commands count", () => {
  it("ignores commands in a room once the bot has left it, and m.notice commands from other bots", async () => {
    fake = await startFakeHomeserver();
    const bot = fake.registerUser("firebreak", "Firebreak");
    const alice = fake.registerUser("alice", "Alice");
    const room = fake.createRoom(alice, { name: "General", invite: [bot] });
    fake.join(room, bot);
    t = await startMatrixApp(fake, { bot });
    await t.settle();

    // Another bot (or anyone) posting a notice: notices are never commands.
    fake.send(room, alice, "m.room.message", { msgtype: "m.notice", body: "!inc declare Echoed" });
    fake.send(room, alice, "m.room.message", { msgtype: "m.emote", body: "!inc declare Emoted" });
    await t.settle();
    expect(t.app.service.list()).toEqual([]);

    // The same words as m.text are a command: the check above is not vacuous.
    fake.say(room, alice, "!inc list");
    await t.settle();
    expect(botSaid(fake, room, bot)).toEqual(["No open incidents."]);

    fake.leave(room, bot);
    await t.settle();
    fake.say(room, alice, "!inc declare Said after the bot left");
    await t.settle();
    expect(t.app.service.list()).toEqual([]);
    expect(botSaid(fake, room, bot)).toEqual(["No open incidents."]);
  });

  it("a ✅ runs an offered command only for someone allowed, and only in the incident that offered it", async () => {
    fake = await startFakeHomeserver();
    const bot = fake.registerUser("firebreak", "Firebreak");
    const alice = fake.registerUser("alice", "Alice");
    const mallory = fake.registerUser("mallory", "Mallory");
    const general = fake.createRoom(alice, { name: "General", invite: [bot, mallory] });
    fake.join(general, bot);
    fake.join(general, mallory);
    t = await startMatrixApp(fake, {
      bot,
      prepare: (dataDir) => restartThingFolder(dataDir, ["commander", "ops"]),
    });

    fake.say(general, alice, "!inc declare Nova API slow");
    await t.settle();
    fake.say(general, mallory, "!inc declare Mallory's own incident");
    await t.settle();
    const room = fake.roomNamed("INC-1: Nova API slow");
    const other = fake.roomNamed("INC-2: Mallory's own incident");
    fake.join(room, alice);
    fake.invite(room, alice, mallory);
    fake.join(room, mallory);
    fake.join(other, mallory);
    fake.say(room, alice, "!inc ack");
    fake.say(room, alice, "!inc run restart-thing");
    await t.settle();
    const request = fake
      .events(room)
      .find((event) => String(event.content.body ?? "").includes("asks to be confirmed"));
    if (!request) throw new Error("no confirmation request");
    const runs = () =>
      t?.app.service.timeline(1).filter((entry) => entry.event.kind === "command_run") ?? [];

    // Someone without the role reacts ✅ in the incident room: refused, nothing runs.
    fake.react(room, mallory, request.event_id, "✅");
    await t.settle();
    expect(runs()).toEqual([]);
    expect(botSaid(fake, room, bot).join("\n")).toContain("Only the commander or ops of INC-1");

    // Mallory commands INC-2: a ✅ there on INC-1's request confirms nothing in INC-1.
    fake.say(other, mallory, "!inc ack");
    await t.settle();
    fake.react(other, mallory, request.event_id, "✅");
    await t.settle();
    expect(runs()).toEqual([]);
    expect(t.app.service.timeline(2).filter((entry) => entry.event.kind === "command_run")).toEqual(
      [],
    );

    // The commander's ✅ runs it, once.
    fake.react(room, alice, request.event_id, "✅");
    await t.settle();
    expect(runs()).toHaveLength(1);
    expect(runs()[0]?.text).toContain("(confirmed by Alice)");
  });
});
