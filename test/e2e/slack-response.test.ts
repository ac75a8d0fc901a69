import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buttonPayload, type SlackBlock, slackApps } from "./helpers/fake-slack.ts";

const apps = slackApps();
afterEach(apps.closeAll);

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8");

describe("Slack: running the response", () => {
  it("triage: an alert waits for a decision, the Accept button starts the response", async () => {
    const t = await apps.start({ yaml: "defaultRoute:\n  mode: triage\n" });
    const response = await t.post(
      "/webhooks/alertmanager",
      "application/json",
      fixture("alertmanager-firing.json"),
    );
    expect(response.status).toBe(200);
    await t.settle();
    expect(t.app.service.get(1).status).toBe("triage");
    const channel = t.fake.callsTo("conversations.create")[0]?.args.name as string;
    const id = t.fake.channel(channel)?.id ?? "";
    const summary = t.fake.callsTo("chat.postMessage")[0];
    const blocks = (summary?.args.blocks ?? []) as SlackBlock[];
    expect(blocks.find((b) => b.type === "actions")?.elements?.map((e) => e.value)).toEqual([
      "accept",
      "decline",
    ]);

    await t.interact(
      buttonPayload({
        actionId: "firebreak_accept",
        value: "accept",
        channelId: id,
        userId: "U0BOB",
      }),
    );
    await t.settle();
    expect(t.app.service.get(1)).toMatchObject({
      status: "investigating",
      roles: { commander: { id: "U0BOB" } },
    });
  });

  it("reminders reach the incident channel: an unacknowledged incident is nudged once", async () => {
    const t = await apps.start();
    await t.command("declare Keystone tokens failing --sev 2");
    await t.settle();
    t.clock.advance(6 * 60_000);
    expect(await t.app.reminders.sweep()).toBe(1);
    expect(await t.app.reminders.sweep()).toBe(0);
    await t.settle();
    const texts = t.fake.callsTo("chat.postMessage").map((call) => String(call.args.text));
    expect(
      texts.filter((text) => text.startsWith("⏰ INC-1 is not acknowledged after 6m 00s")),
    ).toHaveLength(1);
  });

  it("escalation invites the backup list into the incident channel", async () => {
    const t = await apps.start({
      yaml: 'reminders:\n  acknowledgeMinutes: 5\n  escalateTo: ["U0BOB"]\n',
    });
    await t.command("declare Keystone tokens failing --sev 2");
    await t.settle();
    const invitesBefore = t.fake.callsTo("conversations.invite").length;
    t.clock.advance(11 * 60_000);
    expect(await t.app.reminders.sweep()).toBe(2);
    const invites = t.fake.callsTo("conversations.invite").slice(invitesBefore);
    expect(invites.map((call) => call.args.users)).toEqual(["U0BOB"]);
  });

  it("private incidents stay out of /incident list for people outside them", async () => {
    const t = await apps.start();
    await t.command("declare Leaked credentials --private --sev 1");
    await t.settle();
    await t.command("list", { userId: "U0BOB", userName: "bob.r" });
    await t.settle();
    const ephemeral = t.fake.callsTo("chat.postEphemeral").map((call) => String(call.args.text));
    const posted = t.fake.callsTo("chat.postMessage").map((call) => String(call.args.text));
    expect([...ephemeral, ...posted].some((text) => text.includes("No open incidents."))).toBe(
      true,
    );
    expect(
      [...ephemeral, ...posted].some(
        (text) => text.includes("Leaked credentials") && text.includes("Open incidents"),
      ),
    ).toBe(false);
  });
});
