import { afterEach, describe, expect, it } from "vitest";
import { createRateWindow } from "../../src/chat/slack/slack-rate-window.ts";
import { type SlackApp, slackApps } from "./helpers/fake-slack.ts";

const apps = slackApps();
afterEach(apps.closeAll);

const alert = (t: SlackApp, id: string, title: string) =>
  t.post(
    "/webhooks/generic",
    "application/json",
    JSON.stringify({ id, title, severity: "critical", service: "nova" }),
  );

describe("Slack rate limits", () => {
  it("a 429 on chat.postMessage is retried after Retry-After, without holding up alert intake", async () => {
    const t = await apps.start();
    t.fake.rateLimit("chat.postMessage", 1);

    const first = await alert(t, "nova-latency", "Nova API latency high");
    expect(first.status).toBe(200);
    // The summary post is now waiting out the 429; a new alert is still taken at once.
    await t.fake.waitFor(() => t.fake.callsTo("chat.postMessage").length === 1);
    const started = performance.now();
    const second = await alert(t, "glance-errors", "Glance 5xx rate");
    expect(second.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(500);
    expect(t.app.service.list()).toHaveLength(2);

    await t.settle();
    const posts = t.fake.callsTo("chat.postMessage");
    const [limited, retried] = posts;
    expect(retried?.args).toEqual(limited?.args);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    // Both incidents got their channel and their pinned summary in the end.
    expect(t.fake.callsTo("conversations.create").map((c) => c.args.name)).toEqual([
      "inc-1-nova-api-latency-high",
      "inc-2-glance-5xx-rate",
    ]);
    expect(t.fake.callsTo("pins.add")).toHaveLength(2);
  });

  it("channel creation goes through a Tier 2 window instead of looping hot", async () => {
    const t = await apps.start({ slack: { channelCreations: { limit: 2, windowMs: 400 } } });
    for (let n = 1; n <= 3; n++) await alert(t, `alert-${n}`, `Problem ${n}`);
    await t.settle();
    const creates = t.fake.callsTo("conversations.create").map((c) => c.at);
    expect(creates).toHaveLength(3);
    expect((creates[2] ?? 0) - (creates[0] ?? 0)).toBeGreaterThanOrEqual(390);
  });
});

describe("createRateWindow", () => {
  it("lets `limit` calls through per window and queues the rest in order", async () => {
    let now = 0;
    const slept: number[] = [];
    const window = createRateWindow(
      2,
      1000,
      () => now,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4, 5].map((n) => window.take().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(slept).toEqual([1000, 1000]);
  });
});
