import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { createChatPlatforms } from "../../src/chat/chat-platforms.ts";
import { loadConfig } from "../../src/config/config.ts";
import { manualClock } from "../../src/core/clock.ts";
import { makeTempDir, openTempStore, removeTempDir } from "../helpers/temp-store.ts";
import { BOT_TOKEN, slackApps, startFakeSlack } from "./helpers/fake-slack.ts";

const apps = slackApps();
afterEach(apps.closeAll);

describe("Slack people", () => {
  it("resolveUser takes @name, a display or real name, <@U123>, <@U123|name> and U123", async () => {
    const t = await apps.start();
    const resolve = (reference: string) => t.slack.resolveUser(reference);
    expect(await resolve("@bob")).toEqual({ id: "U0BOB", name: "Bob R." });
    expect(await resolve("Alice")).toEqual({ id: "U0ALICE", name: "Alice" });
    expect(await resolve("carol danvers")).toEqual({ id: "U0CAROL", name: "Carol Danvers" });
    expect(await resolve("<@U0ALICE>")).toEqual({ id: "U0ALICE", name: "Alice" });
    expect(await resolve("<@U0BOB|bob>")).toEqual({ id: "U0BOB", name: "Bob R." });
    expect(await resolve("U0CAROL")).toEqual({ id: "U0CAROL", name: "Carol Danvers" });
    await expect(resolve("@nobody")).rejects.toThrow(
      'Nobody in this Slack workspace is called "@nobody"',
    );
    // Display names are cached: one users.info per person, the directory read once.
    const infos = t.fake.callsTo("users.info").map((c) => c.args.user);
    expect(new Set(infos).size).toBe(infos.length);
    expect(t.fake.callsTo("users.list")).toHaveLength(1);
  });

  it("role assignments name Slack users, through the same parser", async () => {
    const t = await apps.start();
    const room = await t.declare("Nova API slow");
    // With should_escape on, Slack sends mentions in commands as <@ID|name>.
    await t.command("role scribe <@U0BOB|bob>", { channelId: room });
    await t.command("role ops @carol", { channelId: room });
    await t.command("role comms <@U0ALICE>", { channelId: room });
    await t.command("role commander @nobody", { channelId: room });
    // Slack escapes &, < and > in command text; notes keep what people typed.
    await t.command(
      "note drained &amp; restarted <@U0BOB|bob>'s node, see <https://x.org/a?b=1&amp;c=2>",
      {
        channelId: room,
      },
    );
    await t.settle();
    expect(t.app.service.get(1).roles).toMatchObject({
      scribe: { id: "U0BOB", name: "Bob R." },
      ops: { id: "U0CAROL", name: "Carol Danvers" },
      comms: { id: "U0ALICE", name: "Alice" },
    });
    const note = t.app.service.timeline(1).find((entry) => entry.event.kind === "note");
    expect(note?.event).toMatchObject({
      text: "drained & restarted @bob's node, see https://x.org/a?b=1&c=2",
    });
    const refusal = t.fake.callsTo("chat.postEphemeral").at(-1);
    expect(refusal?.args).toMatchObject({ channel: room, user: "U0ALICE" });
    expect(String(refusal?.args.text)).toContain(
      'Nobody in this Slack workspace is called "nobody"',
    );
  });
});

describe("chat platforms", () => {
  it("enable Slack when SLACK_BOT_TOKEN is set", () => {
    const { dir, store, cleanup } = openTempStore();
    try {
      const deps = {
        store,
        clock: manualClock("2026-11-18T09:12:40Z"),
        log: pino({ level: "silent" }),
      };
      const none = createChatPlatforms(loadConfig({ cwd: dir }, {}), deps);
      expect(none.map((chat) => chat.platform)).not.toContain("slack");
      const config = loadConfig(
        { cwd: dir },
        {
          SLACK_BOT_TOKEN: "xoxb-1",
          SLACK_SIGNING_SECRET: "s",
          SLACK_API_URL: "http://127.0.0.1:9/api",
        },
      );
      const slack = createChatPlatforms(config, deps).find((chat) => chat.platform === "slack");
      expect(slack?.commandPrefix).toBe("/incident");
      expect(slack?.isConnected()).toBe(false);
      expect(typeof slack?.registerHttp).toBe("function");
    } finally {
      cleanup();
    }
  });
});

describe("Slack start-up", () => {
  it("a bot token Slack refuses stops the app from starting", async () => {
    const fake = await startFakeSlack();
    fake.fail("auth.test", "invalid_auth", 5);
    const dir = makeTempDir();
    const config = {
      ...loadConfig(
        { cwd: dir },
        { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: "s", SLACK_API_URL: fake.apiUrl },
      ),
      dataDir: dir,
      port: 0,
    };
    const clock = manualClock("2026-11-18T09:12:40Z");
    const log = pino({ level: "silent" });
    const app = createApp({
      config,
      clock,
      log,
      chats: (store) => createChatPlatforms(config, { store, clock, log }),
    });
    try {
      await expect(app.start()).rejects.toThrow("invalid_auth");
    } finally {
      await app.stop();
      await fake.close();
      removeTempDir(dir);
    }
  });
});
