import { describe, expect, it } from "vitest";
import { escapeSlackText, escapeSlackUrl } from "../../../../src/chat/slack/slack-escape.ts";
import { readableText } from "../../../../src/chat/slack/slack-readable-text.ts";
import { slackTsToIso } from "../../../../src/chat/slack/slack-ts.ts";

const names: Record<string, string> = { U0ALICE: "Alice", U0BOB: "Bob R." };
const nameOf = async (id: string) => names[id] ?? id;

describe("readableText", () => {
  it.each([
    ["<@U0ALICE> look", "@Alice look"],
    ["<@U0BOB|bob> and <@U0NOBODY>", "@Bob R. and @U0NOBODY"],
    ["see <#C123|ops-chat> and <#C456>", "see #ops-chat and #C456"],
    ["<!here> <!channel> <!subteam^S123|@oncall>", "@here @channel @oncall"],
    [
      "<https://example.org/a?b=1&amp;c=2|the runbook>",
      "the runbook (https://example.org/a?b=1&c=2)",
    ],
    ["<https://example.org>", "https://example.org"],
    ["<mailto:a@example.org|a@example.org>", "a@example.org"],
    ["x &lt; y &amp;&amp; y &gt; z", "x < y && y > z"],
    ["&amp;lt; stays literal", "&lt; stays literal"],
    ["<!date^1392734382^{date_short}|Feb 18, 2014>", "Feb 18, 2014"],
    ["plain", "plain"],
  ])("%j → %j", async (text, readable) => {
    expect(await readableText(text, nameOf)).toBe(readable);
  });
});

describe("escaping what Firebreak sends", () => {
  it("turns Slack's control characters into entities", () => {
    expect(escapeSlackText("<!channel> a & b > c")).toBe("&lt;!channel&gt; a &amp; b &gt; c");
    expect(escapeSlackUrl("https://x.org/?a=1&b=<2>|3")).toBe(
      "https://x.org/?a=1&amp;b=&lt;2&gt;%7C3",
    );
  });
});

describe("slackTsToIso", () => {
  it("keeps the microseconds of a message ts, in UTC", () => {
    expect(slackTsToIso("1360782400.498405")).toBe("2013-02-13T19:06:40.498405Z");
    expect(slackTsToIso("1763456400.000001")).toBe("2025-11-18T09:00:00.000001Z");
    expect(slackTsToIso("1763456400")).toBe("2025-11-18T09:00:00.000000Z");
    expect(slackTsToIso("1763456400.5")).toBe("2025-11-18T09:00:00.500000Z");
    expect(() => slackTsToIso("yesterday")).toThrow();
  });
});
