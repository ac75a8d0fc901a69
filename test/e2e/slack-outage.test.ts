import { afterEach, describe, expect, it } from "vitest";
import { slackApps } from "./helpers/fake-slack.ts";

const apps = slackApps();
afterEach(apps.closeAll);

describe("a Slack outage", () => {
  it("keeps the incident moving, then posts what was missed in order, once", async () => {
    const t = await apps.start();
    const id = await t.declare("Keystone tokens failing --sev 2");
    const texts = () => (t.fake.channel(id)?.messages ?? []).map((m) => String(m.text));
    const before = texts().length;

    // Slack's Web API answers 503; slash commands still arrive (and are acked at once).
    t.fake.setDown(true);
    for (const command of ["ack", "note conductor queue at 40k", "status identified queue"]) {
      const answer = await t.command(command, { channelId: id });
      expect(answer.status).toBe(200);
      await t.settle();
    }
    expect(t.app.service.get(1)).toMatchObject({ status: "identified" });
    expect(texts()).toHaveLength(before);
    expect(t.app.store.outbox.counts().waiting).toBeGreaterThanOrEqual(3);

    // Back: the backlog goes out (the worker's own timer would retry within a minute; settling
    // tries everything waiting now).
    t.fake.setDown(false);
    await t.settle();
    const after = texts().slice(before);
    const at = (start: string) => after.findIndex((text) => text.startsWith(start));
    expect(at("Alice acknowledged INC-1")).toBe(0);
    expect(at("Alice acknowledged INC-1")).toBeLessThan(at("📝 Noted"));
    expect(at("📝 Noted")).toBeLessThan(at("Alice set the status to *identified*"));
    expect(new Set(after).size).toBe(after.length);
    // The pinned summary was brought up to date in place.
    const summary = t.fake.channel(id)?.messages[0];
    expect(String(summary?.text)).toMatch(/INC-1\* · SEV2 · identified/);
    expect(t.app.store.outbox.counts()).toEqual({ waiting: 0, failed: 0 });
  });
});
