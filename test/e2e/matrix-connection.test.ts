import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeHomeserver,
  type MatrixApp,
  startFakeHomeserver,
  startMatrixApp,
} from "./helpers/fake-homeserver.ts";

describe("Matrix invitations", () => {
  let fake: FakeHomeserver;
  let t: MatrixApp;
  let bot: string;
  let alice: string;
  let mallory: string;
  let dave: string;

  beforeEach(async () => {
    fake = await startFakeHomeserver();
    bot = fake.registerUser("firebreak", "Firebreak");
    alice = fake.registerUser("alice", "Alice");
    mallory = fake.registerUser("mallory", "Mallory");
    dave = fake.registerUser("dave", "Dave");
    t = await startMatrixApp(fake, {
      bot,
      matrix: { allowInvitesFrom: ["@alice:fake.test", "ops.example.org"] },
    });
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  it("joins when an allowed user invites it, and answers only what is said after it joined", async () => {
    const room = fake.createRoom(alice, { name: "Ops" });
    fake.say(room, alice, "!inc declare Said before the bot was there");
    fake.invite(room, alice, bot);
    await t.settle();
    expect(fake.membership(room, bot)).toBe("join");
    await t.settle();
    expect(t.app.service.list()).toEqual([]);

    fake.say(room, alice, "!inc list");
    await t.settle();
    const said = fake.messagesFrom(room, bot);
    expect(said.map((event) => event.content.body)).toEqual(["No open incidents."]);
  });

  it("refuses invitations from anyone else", async () => {
    const room = fake.createRoom(mallory, { name: "Totally legit", invite: [bot] });
    await t.settle();
    expect(fake.membership(room, bot)).toBe("leave");
    expect(fake.events(room).filter((event) => event.sender === bot)).toHaveLength(1);
  });

  it("accepts anyone from an allowed server", async () => {
    const room = fake.createRoom("@erin:ops.example.org", { name: "Erin's room", invite: [bot] });
    const other = fake.createRoom(dave, { name: "Dave's room", invite: [bot] });
    await t.settle();
    expect(fake.membership(room, bot)).toBe("join");
    expect(fake.membership(other, bot)).toBe("leave");
  });
});

describe("Matrix login", () => {
  let fake: FakeHomeserver;
  let bot: string;
  const apps: MatrixApp[] = [];
  const logins = () => fake.requests.filter((request) => request.path.endsWith("/login"));

  beforeEach(async () => {
    fake = await startFakeHomeserver();
    bot = fake.registerUser("firebreak", "Firebreak", "correct horse");
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await fake.close();
  });

  it("logs in with user and password once, and reuses the stored token after a restart", async () => {
    const login = {
      accessToken: undefined,
      userId: undefined,
      user: "firebreak",
      password: "correct horse",
    };
    const first = await startMatrixApp(fake, { bot, matrix: login });
    apps.push(first);
    expect(first.chat.userId()).toBe(bot);
    expect(first.chat.isConnected()).toBe(true);
    await first.stop();

    const second = await startMatrixApp(fake, { bot, matrix: login, dataDir: first.dataDir });
    apps.push(second);
    expect(second.chat.isConnected()).toBe(true);
    expect(logins().map((request) => request.status)).toEqual([200]);
  });

  it("says so when the password is wrong", async () => {
    await expect(
      startMatrixApp(fake, {
        bot,
        matrix: { accessToken: undefined, userId: undefined, user: "firebreak", password: "wrong" },
      }),
    ).rejects.toThrow(/refused the login of "firebreak"/);
  });

  it("refuses to start with a token the server does not know", async () => {
    await expect(
      startMatrixApp(fake, { bot, matrix: { accessToken: "syt_nonsense" } }),
    ).rejects.toThrow(/M_UNKNOWN_TOKEN|unknown access token/);
  });
});
