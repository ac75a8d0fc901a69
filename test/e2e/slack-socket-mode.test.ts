import { afterEach, describe, expect, it } from "vitest";
import {
  APP_TOKEN,
  BOT_TOKEN,
  reactionEvent,
  slackApps,
  slashCommand,
} from "./helpers/fake-slack.ts";

const apps = slackApps();
afterEach(apps.closeAll);

describe("Slack Socket Mode", () => {
  it("connects over a WebSocket, acks a slash command envelope, then does the work", async () => {
    const t = await apps.start({ socketMode: true });
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
      payload: slashCommand({ text: "declare Keystone tokens failing --sev 2" }),
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
    const t = await apps.start({ socketMode: true });
    const fake = t.fake;
    fake.sendEnvelope({
      envelope_id: "env-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: slashCommand({ command: "/inc", text: "declare Nova API slow" }),
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
        event: reactionEvent({ channel: room, ts: "1763456400.000100" }),
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
