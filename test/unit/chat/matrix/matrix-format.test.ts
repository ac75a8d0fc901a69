import { describe, expect, it } from "vitest";
import { replacementContent } from "../../../../src/chat/matrix/matrix-content.ts";
import {
  classifyEvent,
  isPinKey,
  stripReplyFallback,
} from "../../../../src/chat/matrix/matrix-events.ts";
import { formatMessage } from "../../../../src/chat/matrix/matrix-format.ts";
import { toUserId } from "../../../../src/chat/matrix/matrix-ids.ts";
import { isInviteAllowed } from "../../../../src/chat/matrix/matrix-invites.ts";
import type { RoomEventData } from "../../../../src/chat/matrix/matrix-sync-schema.ts";

const names: Record<string, string> = { "@bob:example.org": "Bob <B>" };
const nameOf = (userId: string) => names[userId];

describe("formatting bot messages for Matrix", () => {
  it("renders *bold*, `code` and line breaks, and escapes everything else", () => {
    const formatted = formatMessage("*INC-1* · <b>SEV1</b> & `!inc ack <now>`\nnext *line*", {
      nameOf,
    });
    expect(formatted.body).toBe("*INC-1* · <b>SEV1</b> & `!inc ack <now>`\nnext *line*");
    expect(formatted.html).toBe(
      "<strong>INC-1</strong> · &lt;b&gt;SEV1&lt;/b&gt; &amp; <code>!inc ack &lt;now&gt;</code><br>next <strong>line</strong>",
    );
  });

  it("leaves stars that are not emphasis alone", () => {
    expect(formatMessage("2*3*4 and a * b", { nameOf }).html).toBe("2*3*4 and a * b");
  });

  it("turns user IDs into pills and links into links", () => {
    const formatted = formatMessage(
      "ask @bob:example.org. or @eve:example.org; see https://grafana.example.org/d/x?a=1&b=2.",
      { nameOf },
    );
    expect(formatted.html).toBe(
      'ask <a href="https://matrix.to/#/@bob:example.org">Bob &lt;B&gt;</a>. or ' +
        '<a href="https://matrix.to/#/@eve:example.org">@eve:example.org</a>; see ' +
        '<a href="https://grafana.example.org/d/x?a=1&amp;b=2">https://grafana.example.org/d/x?a=1&amp;b=2</a>.',
    );
    expect(formatted.mentions).toEqual(["@bob:example.org", "@eve:example.org"]);
    expect(formatMessage("mail bob@example.org:25", { nameOf }).mentions).toEqual([]);
  });

  it("pills the people a summary names by role", () => {
    const formatted = formatMessage("Roles: commander: Bob <B> · scribe: carol", {
      nameOf,
      people: [
        { label: "commander", name: "Bob <B>", id: "@bob:example.org" },
        { label: "scribe", name: "carol", id: "carol" },
      ],
    });
    expect(formatted.html).toBe(
      'Roles: commander: <a href="https://matrix.to/#/@bob:example.org">Bob &lt;B&gt;</a> · scribe: carol',
    );
  });

  it("edits with m.replace: m.new_content, and a `* ` fallback body", () => {
    const content = replacementContent("$summary", formatMessage("*INC-1* · SEV2", { nameOf }));
    expect(content).toEqual({
      msgtype: "m.notice",
      body: "* *INC-1* · SEV2",
      format: "org.matrix.custom.html",
      formatted_body: "* <strong>INC-1</strong> · SEV2",
      "m.mentions": {},
      "m.new_content": {
        msgtype: "m.notice",
        body: "*INC-1* · SEV2",
        format: "org.matrix.custom.html",
        formatted_body: "<strong>INC-1</strong> · SEV2",
        "m.mentions": { user_ids: [] },
      },
      "m.relates_to": { rel_type: "m.replace", event_id: "$summary" },
    });
  });
});

describe("reading Matrix events", () => {
  const event = (overrides: Partial<RoomEventData>): RoomEventData => ({
    event_id: "$e",
    type: "m.room.message",
    sender: "@bob:example.org",
    origin_server_ts: Date.parse("2026-03-02T10:00:00Z"),
    content: {},
    ...overrides,
  });

  it("knows 📌 in its spellings", () => {
    expect(["📌", "📌\uFE0F", ":pushpin:"].map(isPinKey)).toEqual([true, true, true]);
    expect(isPinKey("👍")).toBe(false);
  });

  it("drops the quoted reply fallback from a command typed as a reply", () => {
    const content = { "m.relates_to": { "m.in_reply_to": { event_id: "$x" } } };
    expect(stripReplyFallback("> <@a:x> hello\n> there\n\n!inc ack", content)).toBe("!inc ack");
    expect(stripReplyFallback("> quoting is fine", {})).toBe("> quoting is fine");
  });

  it("tells pins from unpins in m.room.pinned_events", () => {
    const pins = (pinned: string[], before?: string[]) =>
      classifyEvent(
        "!r",
        event({
          type: "m.room.pinned_events",
          state_key: "",
          content: { pinned },
          ...(before ? { unsigned: { prev_content: { pinned: before } } } : {}),
        }),
        ["$tracked"],
      );
    expect(pins(["$a", "$b"], ["$a", "$c"])).toMatchObject({ added: ["$b"], removed: ["$c"] });
    expect(pins(["$new"])).toMatchObject({ added: ["$new"], removed: ["$tracked"] });
    expect(pins(["$a"], ["$a"])).toBeUndefined();
  });

  it("reads redactions in both room-version formats", () => {
    const v11 = event({ type: "m.room.redaction", content: { redacts: "$m" } });
    const v1 = event({ type: "m.room.redaction", redacts: "$m", content: {} });
    expect(classifyEvent("!r", v11, undefined)).toMatchObject({ redactedId: "$m" });
    expect(classifyEvent("!r", v1, undefined)).toMatchObject({ redactedId: "$m" });
  });
});

describe("Matrix people", () => {
  it("takes user IDs, links and bare names", () => {
    expect(toUserId("@bob:example.org", "home.org")).toBe("@bob:example.org");
    expect(toUserId("https://matrix.to/#/@bob:example.org", "home.org")).toBe("@bob:example.org");
    expect(toUserId("@Bob", "home.org")).toBe("@bob:home.org");
    expect(toUserId("bob smith", "home.org")).toBeUndefined();
  });

  it("accepts invites only from listed users and servers", () => {
    const allowed = ["@alice:example.org", "ops.example.org"];
    expect(isInviteAllowed("@alice:example.org", allowed)).toBe(true);
    expect(isInviteAllowed("@erin:ops.example.org", allowed)).toBe(true);
    expect(isInviteAllowed("@mallory:example.org", allowed)).toBe(false);
    expect(isInviteAllowed("@alice:example.org", [])).toBe(false);
  });
});
