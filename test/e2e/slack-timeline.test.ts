import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TimelineEntry } from "../../src/core/timeline-event.ts";
import {
  BOT_USER,
  messageShortcutPayload,
  reactionEvent,
  type SlackApp,
  startSlackApp,
} from "./helpers/fake-slack.ts";

let t: SlackApp;
let room: string;
const BOBS_TS = "1763456400.123456";

beforeEach(async () => {
  t = await startSlackApp();
  room = await t.declare("Nova API slow");
  // Something Bob said in the incident channel a while ago (Slack stores mentions as <@ID>).
  t.fake.addMessage(room, {
    ts: BOBS_TS,
    user: "U0BOB",
    text: "conductor queue at 40k on <@U0ALICE>'s node &amp; rising, see <https://grafana.example.org/d/nova|the dashboard>",
  });
});
afterEach(() => t.close());

const messages = (): TimelineEntry[] =>
  t.app.service.timeline(1).filter((entry) => entry.event.kind === "message");

/** Bob's message in the incident channel, as a pin event carries it. */
const pinned = {
  type: "message",
  user: "U0BOB",
  text: "rolled back to 2024.1",
  ts: "1763456500.000001",
  permalink: "https://firebreak-test.slack.com/archives/x/p1763456500000001",
};

/** Carol pins (or unpins) that message. */
const pinEvent = (
  type: "pin_added" | "pin_removed",
  created: number,
  eventTs: string,
  extra: Record<string, unknown> = {},
) => ({
  type,
  user: "U0CAROL",
  channel_id: room,
  item: { type: "message", channel: room, created_by: "U0CAROL", created, message: pinned },
  item_user: "U0BOB",
  ...extra,
  event_ts: eventTs,
});

describe("Slack: messages onto the timeline", () => {
  it("a 📌 reaction puts the message on the timeline at its original time, readable", async () => {
    const answer = await t.event(reactionEvent({ channel: room, ts: BOBS_TS }));
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
    await t.event(reactionEvent({ channel: room, ts: BOBS_TS }));
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
        ts: BOBS_TS,
        edited: { user: "U0BOB", ts: "1763457060.000000" },
      },
      previous_message: { type: "message", user: "U0BOB", text: "old", ts: BOBS_TS },
      event_ts: "1763457060.000200",
      channel_type: "channel",
    });
    await t.settle();
    expect(messages()[0]?.event).toMatchObject({
      text: "conductor queue at 45k, @Carol Danvers is looking",
    });

    await t.event(
      reactionEvent({
        type: "reaction_removed",
        channel: room,
        ts: BOBS_TS,
        eventTs: "1763457120.000300",
      }),
    );
    await t.settle();
    expect(messages()[0]?.withdrawnAt).toBeTruthy();
  });

  it("other reactions, and the bot's own edits of its summary, change nothing", async () => {
    await t.event(reactionEvent({ channel: room, ts: BOBS_TS, reaction: "thumbsup" }));
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
    const pinnedInfo = { channel: room, pinned_by: "U0CAROL", pinned_ts: 1763457000 };
    await t.event(
      pinEvent("pin_added", 1763457000, "1763457000.000100", {
        pin_count: "2",
        pinned_info: pinnedInfo,
      }),
    );
    await t.settle();
    expect(messages()[0]).toMatchObject({
      occurredAt: "2025-11-18T09:01:40.000001Z",
      actor: { id: "U0BOB", name: "Bob R." },
      event: { text: "rolled back to 2024.1", pinnedBy: "U0CAROL" },
    });

    await t.event(
      pinEvent("pin_removed", 1763457000, "1763457100.000100", {
        pin_count: "1",
        pinned_info: pinnedInfo,
        has_pins: true,
      }),
    );
    await t.settle();
    expect(messages()[0]?.withdrawnAt).toBeTruthy();

    // Pinned again, then deleted: withdrawn at the deletion's time.
    await t.event(pinEvent("pin_added", 1763457200, "1763457200.000100"));
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
        message: { ts: BOBS_TS, user: "U0BOB", text: "ping <@U0ALICE>" },
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
    await t.event(reactionEvent({ channel: "C0GENERAL", ts: "1763456400.000009" }));
    await t.settle();
    expect(messages()).toEqual([]);
  });
});

describe("Slack: a long timeline", () => {
  it("goes out in messages that each stay within Slack's 40,000 characters", async () => {
    const notes = Array.from({ length: 12 }, (_, n) => `${n} ${"x".repeat(3_980)}`);
    for (const note of notes) await t.command(`note ${note}`, { channelId: room });
    await t.settle();
    const before = t.fake.callsTo("chat.postMessage").length;
    await t.command("timeline", { channelId: room });
    await t.settle();
    const texts = t.fake
      .callsTo("chat.postMessage")
      .slice(before)
      .map((call) => String(call.args.text));
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(40_000);
    expect(texts[0]).toMatch(/^Timeline of INC-1/);
    for (const note of notes) expect(texts.join("\n")).toContain(note);
  });
});
