import { afterEach, describe, expect, it } from "vitest";
import { APP_TOKEN, BOT_TOKEN, type SlackApp, startSlackApp } from "./helpers/fake-slack.ts";

let t: SlackApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("Slack Socket Mode", () => {
  it("connects over a WebSocket, acks a slash command envelope, then does the work", async () => {
    t = await startSlackApp({ socketMode: true });
    const fake = t.fake;

    // apps.connections.open with the app-level token gave the socket URL; Slack said hello.
    const open = fake.callsTo("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe(APP_TOKEN);
    expect(fake.sockets).toHaveLength(1);
    expect(t.slack.isConnected()).toBe(true);
    // No HTTP endpoint in Socket Mode.
    const http = await fetch(`${t.address}/slack/events`, { method: "POST" });
    expect(http.status).toBe(404);

    fake.sendEnvelope({
      envelope_id: "dbdd0ef3-1543-4f94-bfb4-133d0e6c1545",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        token: "deprecated-verification-token",
        team_id: "T0FAKE",
        team_domain: "firebreak-test",
        channel_id: "C0GENERAL",
        channel_name: "general",
        user_id: "U0ALICE",
        user_name: "alice.l",
        command: "/incident",
        text: "declare Keystone tokens failing --sev 2",
        api_app_id: "A0FAKE",
        is_enterprise_install: "false",
        response_url: "https://hooks.slack.com/commands/T0FAKE/1/x",
        trigger_id: "1.2.3",
      },
    });
    await fake.waitFor(() => fake.socketMessages.length > 0);
    expect(fake.socketMessages[0]).toEqual({
      envelope_id: "dbdd0ef3-1543-4f94-bfb4-133d0e6c1545",
      payload: {},
    });

    await fake.waitFor(() => fake.callsTo("pins.add").length === 1);
    await t.settle();
    expect(fake.methods()).toEqual([
      "apps.connections.open",
      "conversations.create",
      "conversations.setTopic",
      "conversations.invite",
      "chat.postMessage",
      "pins.add",
      "chat.postMessage",
    ]);
    expect(fake.callsTo("conversations.create")[0]?.args).toMatchObject({
      name: "inc-1-keystone-tokens-failing",
    });
    expect(fake.callsTo("chat.postMessage").every((c) => c.token === BOT_TOKEN)).toBe(true);
  });

  it("acks an events_api envelope and puts a 📌 message on the timeline", async () => {
    t = await startSlackApp({ socketMode: true });
    const fake = t.fake;
    fake.sendEnvelope({
      envelope_id: "env-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        team_id: "T0FAKE",
        channel_id: "C0GENERAL",
        user_id: "U0ALICE",
        user_name: "alice.l",
        command: "/inc",
        text: "declare Nova API slow",
        response_url: "https://hooks.slack.com/commands/T0FAKE/1/x",
        trigger_id: "1.2.3",
      },
    });
    await fake.waitFor(() => fake.callsTo("pins.add").length === 1);
    await t.settle();
    const room = fake.channel("inc-1-nova-api-slow")?.id ?? "";
    fake.addMessage(room, { ts: "1763456400.000100", user: "U0BOB", text: "found it" });

    fake.sendEnvelope({
      envelope_id: "env-2",
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: "",
      payload: {
        team_id: "T0FAKE",
        api_app_id: "A0FAKE",
        type: "event_callback",
        event_id: "Ev01",
        event_time: 1763457000,
        event: {
          type: "reaction_added",
          user: "U0ALICE",
          reaction: "pushpin",
          item_user: "U0BOB",
          item: { type: "message", channel: room, ts: "1763456400.000100" },
          event_ts: "1763457000.000100",
        },
      },
    });
    await fake.waitFor(() => fake.socketMessages.some((m) => m.envelope_id === "env-2"));
    await fake.waitFor(() => fake.callsTo("conversations.history").length === 1);
    await t.settle();
    const entry = t.app.service.timeline(1).find((e) => e.event.kind === "message");
    expect(entry).toMatchObject({
      occurredAt: "2025-11-18T09:00:00.000100Z",
      event: { text: "found it" },
    });
  });
});
