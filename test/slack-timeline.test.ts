import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TimelineEntry } from "../src/timeline-event.ts";
import {
  BOT_USER,
  messageShortcutPayload,
  type SlackApp,
  startSlackApp,
} from "./helpers/fake-slack.ts";

let t: SlackApp;
let room: string;

beforeEach(async () => {
  t = await startSlackApp();
  await t.command("declare Nova API slow");
  await t.settle();
  room = t.fake.channel("inc-1-nova-api-slow")?.id ?? "";
  // Something Bob said in the incident channel a while ago (Slack stores mentions as <@ID>).
  t.fake.addMessage(room, {
    ts: "1763456400.123456",
    user: "U0BOB",
    text: "conductor queue at 40k on <@U0ALICE>'s node &amp; rising, see <https://grafana.example.org/d/nova|the dashboard>",
  });
});
afterEach(() => t.close());

const messages = (): TimelineEntry[] =>
  t.app.service.timeline(1).filter((entry) => entry.event.kind === "message");

describe("Slack: messages onto the timeline", () => {
  it("a 📌 reaction puts the message on the timeline at its original time, readable", async () => {
    const answer = await t.event({
      type: "reaction_added",
      user: "U0ALICE",
      reaction: "pushpin",
      item_user: "U0BOB",
      item: { type: "message", channel: room, ts: "1763456400.123456" },
      event_ts: "1763457000.000100",
    });
    expect(answer.status).toBe(200);
    await t.settle();

    const history = t.fake.callsTo("conversations.history").at(-1);
    expect(history?.args).toMatchObject({
      channel: room,
      latest: "1763456400.123456",
      oldest: "1763456400.123456",
      inclusive: "true",
      limit: "1",
    });
    const [entry] = messages();
    expect(entry).toMatchObject({
      occurredAt: "2025-11-18T09:00:00.123456Z",
      actor: { id: "U0BOB", name: "Bob R." },
      event: {
        kind: "message",
        text: "conductor queue at 40k on @Alice's node & rising, see the dashboard (https://grafana.example.org/d/nova)",
        platform: "slack",
        roomId: room,
        messageId: "1763456400.123456",
        pinnedBy: "U0ALICE",
      },
    });
  });

  it("editing the message updates the entry; removing the 📌 withdraws it", async () => {
    await t.event({
      type: "reaction_added",
      user: "U0ALICE",
      reaction: "pushpin",
      item_user: "U0BOB",
      item: { type: "message", channel: room, ts: "1763456400.123456" },
      event_ts: "1763457000.000100",
    });
    await t.settle();
    await t.event({
      type: "message",
      subtype: "message_changed",
      hidden: true,
      channel: room,
      ts: "1763457060.000200",
      message: {
        type: "message",
        user: "U0BOB",
        text: "conductor queue at 45k, <@U0CAROL> is looking",
        ts: "1763456400.123456",
        edited: { user: "U0BOB", ts: "1763457060.000000" },
      },
      previous_message: { type: "message", user: "U0BOB", text: "old", ts: "1763456400.123456" },
      event_ts: "1763457060.000200",
      channel_type: "channel",
    });
    await t.settle();
    expect(messages()[0]?.event).toMatchObject({
      text: "conductor queue at 45k, @Carol Danvers is looking",
    });

    await t.event({
      type: "reaction_removed",
      user: "U0ALICE",
      reaction: "pushpin",
      item_user: "U0BOB",
      item: { type: "message", channel: room, ts: "1763456400.123456" },
      event_ts: "1763457120.000300",
    });
    await t.settle();
    expect(messages()[0]?.withdrawnAt).toBeTruthy();
  });

  it("other reactions, and the bot's own edits of its summary, change nothing", async () => {
    await t.event({
      type: "reaction_added",
      user: "U0ALICE",
      reaction: "thumbsup",
      item_user: "U0BOB",
      item: { type: "message", channel: room, ts: "1763456400.123456" },
      event_ts: "1763457000.000100",
    });
    const summaryTs = t.fake.channel(room)?.messages[0]?.ts ?? "";
    await t.event({
      type: "message",
      subtype: "message_changed",
      hidden: true,
      channel: room,
      ts: "1763457060.000200",
      message: {
        type: "message",
        user: BOT_USER,
        bot_id: "B0BOT",
        text: "summary for <@U0CAROL>",
        ts: summaryTs,
        edited: { user: BOT_USER, ts: "1763457060.000000" },
      },
      event_ts: "1763457060.000200",
    });
    await t.settle();
    expect(t.fake.callsTo("conversations.history")).toEqual([]);
    // The bot's own edit was dropped before anything looked at it (its mention was never resolved).
    expect(t.fake.callsTo("users.info").map((c) => c.args.user)).not.toContain("U0CAROL");
    expect(messages()).toEqual([]);
  });

  it("a pin puts the message on the timeline; unpinning withdraws it; deleting it too", async () => {
    const pinned = {
      type: "message",
      user: "U0BOB",
      text: "rolled back to 2024.1",
      ts: "1763456500.000001",
      permalink: "https://firebreak-test.slack.com/archives/x/p1763456500000001",
    };
    await t.event({
      type: "pin_added",
      user: "U0CAROL",
      channel_id: room,
      item: {
        type: "message",
        channel: room,
        created_by: "U0CAROL",
        created: 1763457000,
        message: pinned,
      },
      item_user: "U0BOB",
      pin_count: "2",
      pinned_info: { channel: room, pinned_by: "U0CAROL", pinned_ts: 1763457000 },
      event_ts: "1763457000.000100",
    });
    await t.settle();
    expect(messages()[0]).toMatchObject({
      occurredAt: "2025-11-18T09:01:40.000001Z",
      actor: { id: "U0BOB", name: "Bob R." },
      event: { text: "rolled back to 2024.1", pinnedBy: "U0CAROL" },
    });

    await t.event({
      type: "pin_removed",
      user: "U0CAROL",
      channel_id: room,
      item: {
        type: "message",
        channel: room,
        created_by: "U0CAROL",
        created: 1763457000,
        message: pinned,
      },
      item_user: "U0BOB",
      pin_count: "1",
      pinned_info: { channel: room, pinned_by: "U0CAROL", pinned_ts: 1763457000 },
      has_pins: true,
      event_ts: "1763457100.000100",
    });
    await t.settle();
    expect(messages()[0]?.withdrawnAt).toBeTruthy();

    // Pinned again, then deleted: withdrawn at the deletion's time.
    await t.event({
      type: "pin_added",
      user: "U0CAROL",
      channel_id: room,
      item: {
        type: "message",
        channel: room,
        created_by: "U0CAROL",
        created: 1763457200,
        message: pinned,
      },
      item_user: "U0BOB",
      event_ts: "1763457200.000100",
    });
    await t.settle();
    expect(messages()[0]?.withdrawnAt).toBeNull();
    await t.event({
      type: "message",
      subtype: "message_deleted",
      hidden: true,
      channel: room,
      ts: "1763457300.000500",
      deleted_ts: "1763456500.000001",
      previous_message: pinned,
      event_ts: "1763457300.000500",
    });
    await t.settle();
    expect(messages()[0]?.withdrawnAt).toBe("2025-11-18T09:15:00.000500Z");
  });

  it('the "Add to timeline" message shortcut records the message', async () => {
    const answer = await t.interact(
      messageShortcutPayload({
        channelId: room,
        message: { ts: "1763456400.123456", user: "U0BOB", text: "ping <@U0ALICE>" },
        userId: "U0CAROL",
      }),
    );
    expect(answer.status).toBe(200);
    await t.settle();
    expect(messages()[0]).toMatchObject({
      occurredAt: "2025-11-18T09:00:00.123456Z",
      actor: { name: "Bob R." },
      event: { text: "ping @Alice", pinnedBy: "U0CAROL" },
    });
  });

  it("a 📌 in a channel that is not an incident's changes nothing", async () => {
    t.fake.addMessage("C0GENERAL", { ts: "1763456400.000009", user: "U0BOB", text: "lunch?" });
    await t.event({
      type: "reaction_added",
      user: "U0ALICE",
      reaction: "pushpin",
      item_user: "U0BOB",
      item: { type: "message", channel: "C0GENERAL", ts: "1763456400.000009" },
      event_ts: "1763457000.000100",
    });
    await t.settle();
    expect(messages()).toEqual([]);
  });
});
