import { afterEach, describe, expect, it } from "vitest";
import {
  incidentChannelName,
  MAX_CHANNEL_NAME,
  slugify,
} from "../../src/chat/slack/slack-channel-name.ts";
import { slackApps } from "./helpers/fake-slack.ts";

const VALID = /^[a-z0-9_-]{1,80}$/;

describe("incident channel names", () => {
  it.each([
    ["Nova API slow", "inc-7-nova-api-slow"],
    ["Café au lait: Überlast in Zürich", "inc-7-cafe-au-lait-uberlast-in-zurich"],
    ["Straße, Æther, Øresund, Łódź, Þing", "inc-7-strasse-aether-oresund-lodz-thing"],
    ["🔥🔥 DB on fire 🚒", "inc-7-db-on-fire"],
    ["数据库故障", "inc-7"],
    ["Ошибка базы: db1 down", "inc-7-db1-down"],
    ["#general", "inc-7-general"],
    ["<!channel> @here hello", "inc-7-channel-here-hello"],
    ["ｆｕｌｌ－ｗｉｄｔｈ ﬁle", "inc-7-full-width-file"],
    ["   --- ___ ", "inc-7"],
    ["UPPER_case snake_case", "inc-7-upper-case-snake-case"],
  ])("%j → %s", (title, name) => {
    expect(incidentChannelName("inc-", 7, title)).toBe(name);
    expect(name).toMatch(VALID);
  });

  it("cuts long titles to 80 characters at a word boundary, keeping the suffix", () => {
    const title =
      "The quick brown fox jumps over the lazy dog while the database replicas fall behind again";
    const name = incidentChannelName("inc-", 12345, title);
    expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(name).toBe("inc-12345-the-quick-brown-fox-jumps-over-the-lazy-dog-while-the-database");
    const suffixed = incidentChannelName("inc-", 12345, title, 10);
    expect(suffixed.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(suffixed.endsWith("-10")).toBe(true);
    const oneWord = incidentChannelName("incident-", 1, "a".repeat(200));
    expect(oneWord).toBe(`incident-1-${"a".repeat(69)}`);
    expect(oneWord).toHaveLength(80);
  });

  it("uses the configured prefix", () => {
    expect(incidentChannelName("ir_", 3, "Disk full")).toBe("ir_3-disk-full");
    expect(slugify("")).toBe("");
  });
});

describe("channel names in Slack", () => {
  const apps = slackApps();
  afterEach(apps.closeAll);

  it("hostile titles make valid channels, and a taken name gets a suffix", async () => {
    const t = await apps.start();
    t.fake.addChannel("inc-2-general");
    t.fake.addChannel("inc-2-general-2");
    const titles = [
      "🔥 数据库 down — Zürich ☕",
      "#general",
      "数据库故障",
      `Very long ${"incident ".repeat(20)}title`,
    ];
    for (const title of titles) {
      await t.command(`declare "${title}"`);
      await t.settle();
    }
    const attempts = t.fake.callsTo("conversations.create").map((c) => c.args.name);
    expect(attempts).toEqual([
      "inc-1-down-zurich",
      "inc-2-general",
      "inc-2-general-2",
      "inc-2-general-3",
      "inc-3",
      expect.stringMatching(/^inc-4-very-long-incident-incident-/),
    ]);
    for (const name of attempts) expect(name).toMatch(VALID);
    expect(String(attempts[5]).length).toBeLessThanOrEqual(80);
    expect(t.app.store.rooms.listForIncident(2)[0]?.name).toBe("inc-2-general-3");
    expect(t.app.service.list()).toHaveLength(4);
  });

  it("gives up after ten taken names instead of looping", async () => {
    const t = await apps.start();
    t.fake.fail("conversations.create", "name_taken", 50);
    await t.command("declare Nova API slow");
    await t.settle();
    expect(t.fake.callsTo("conversations.create")).toHaveLength(10);
    expect(t.app.store.rooms.listForIncident(1)).toEqual([]);
  });
});
