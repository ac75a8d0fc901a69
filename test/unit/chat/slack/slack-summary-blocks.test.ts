import { describe, expect, it } from "vitest";
import { summaryBlocks } from "../../../../src/chat/slack/slack-summary-blocks.ts";
import type { SummaryView } from "../../../../src/core/incident-summary.ts";

const view: SummaryView = {
  ref: "INC-4",
  title: "<!channel> Checkout & payments down",
  severity: "SEV1",
  status: "monitoring",
  service: "payments",
  private: true,
  roles: [
    { role: "commander", name: "Alice", id: "U0ALICE" },
    { role: "scribe", name: "pagerbot", id: "pagerbot" },
  ],
  alerts: { firing: 2, resolved: 1 },
  links: [
    { label: "runbook", url: "https://wiki.example.org/run?a=1&b=2" },
    { label: "dashboard", url: "https://grafana.example.org/d/x|y" },
  ],
  suggestions: [],
};

describe("summaryBlocks", () => {
  it("renders the summary with escaped text, mentions, links and the buttons that apply", () => {
    const blocks = summaryBlocks(view);
    expect(blocks.map((b) => b.type)).toEqual([
      "header",
      "section",
      "context",
      "section",
      "actions",
    ]);
    // Header text is plain_text: Slack does not parse it, so nothing to escape.
    expect(blocks[0]).toMatchObject({
      text: { type: "plain_text", text: "INC-4 · <!channel> Checkout & payments down" },
    });
    expect(blocks[1]).toMatchObject({
      fields: [
        { type: "mrkdwn", text: "*Severity*\nSEV1" },
        { type: "mrkdwn", text: "*Status*\nmonitoring" },
        { type: "mrkdwn", text: "*Service*\npayments" },
        { type: "mrkdwn", text: "*Roles*\ncommander: <@U0ALICE>\nscribe: pagerbot" },
        { type: "mrkdwn", text: "*Alerts*\n2 firing, 1 resolved" },
      ],
    });
    expect(blocks[3]).toMatchObject({
      text: {
        text: "<https://wiki.example.org/run?a=1&amp;b=2|runbook> · <https://grafana.example.org/d/x%7Cy|dashboard>",
      },
    });
    const actions = blocks[4] as { elements: { value: string; confirm?: unknown }[] };
    expect(actions.elements.map((e) => e.value)).toEqual([
      "ack",
      "status identified",
      "status resolved",
    ]);
    expect(actions.elements[2]?.confirm).toBeDefined();
  });

  it("has no buttons once the incident is resolved, and clips a long header", () => {
    const blocks = summaryBlocks({ ...view, status: "resolved", title: "x".repeat(300) });
    expect(blocks.some((b) => b.type === "actions")).toBe(false);
    const header = blocks[0] as { text: { text: string } };
    expect(header.text.text).toHaveLength(150);
  });

  it("offers accept and decline while the incident waits in triage", () => {
    const blocks = summaryBlocks({ ...view, status: "triage" });
    const actions = blocks.at(-1);
    expect(actions?.type).toBe("actions");
    const values = (actions as { elements: { value: string }[] }).elements.map((e) => e.value);
    expect(values).toEqual(["accept", "decline"]);
  });
});
