import { afterEach, describe, expect, it } from "vitest";
import { buttonPayload, type SlackBlock, type SlackCall, slackApps } from "./helpers/fake-slack.ts";

const apps = slackApps();
afterEach(apps.closeAll);

const only = (calls: SlackCall[]) => {
  expect(calls).toHaveLength(1);
  return calls[0] as SlackCall;
};

describe("Slack: an incident's channel", () => {
  it("declare creates the channel, sets its topic, invites, posts and pins the Block Kit summary", async () => {
    const t = await apps.start();
    const answer = await t.command("declare Keystone tokens failing --sev 2 --service keystone");
    expect(answer.status).toBe(200);
    await t.settle();

    expect(t.fake.methods()).toEqual([
      "conversations.create",
      "conversations.setTopic",
      "conversations.invite",
      "chat.postMessage",
      "pins.add",
      "chat.postMessage",
    ]);
    const create = only(t.fake.callsTo("conversations.create"));
    expect(create.args).toMatchObject({
      name: "inc-1-keystone-tokens-failing",
      is_private: "false",
    });
    expect(create.token).toBe("xoxb-firebreak-test");
    const channel = t.fake.channel("inc-1-keystone-tokens-failing");
    expect(channel).toBeDefined();
    const id = channel?.id;

    expect(only(t.fake.callsTo("conversations.setTopic")).args).toEqual({
      channel: id,
      topic: "INC-1 · SEV2 · Keystone tokens failing",
    });
    // The declarer (the slash command's user) is invited.
    expect(only(t.fake.callsTo("conversations.invite")).args).toMatchObject({
      channel: id,
      users: "U0ALICE",
      force: "true",
    });

    const [summary, announcement] = t.fake.callsTo("chat.postMessage");
    expect(summary?.args.channel).toBe(id);
    expect(summary?.args.text).toContain(
      "*INC-1* · SEV2 · investigating — Keystone tokens failing",
    );
    const blocks = summary?.args.blocks as SlackBlock[];
    expect(blocks[0]).toMatchObject({
      type: "header",
      text: { text: "INC-1 · Keystone tokens failing" },
    });
    expect(blocks[1]?.fields?.map((f) => f.text)).toEqual([
      "*Severity*\nSEV2",
      "*Status*\ninvestigating",
      "*Service*\nkeystone",
      "*Roles*\nno commander yet",
      "*Alerts*\n0 firing, 0 resolved",
    ]);
    const actions = blocks.find((b) => b.type === "actions");
    expect(actions?.elements?.map((e) => [e.action_id, e.value])).toEqual([
      ["firebreak_ack", "ack"],
      ["firebreak_status_identified", "status identified"],
      ["firebreak_status_monitoring", "status monitoring"],
      ["firebreak_status_resolved", "status resolved"],
    ]);
    // The summary is pinned by its ts, which Firebreak keeps as its message id.
    const pinned = only(t.fake.callsTo("pins.add"));
    const summaryTs = channel?.messages[0]?.ts;
    expect(pinned.args).toEqual({ channel: id, timestamp: summaryTs });
    expect(t.app.store.rooms.findByRoom("slack", id ?? "")?.summaryMessageId).toBe(summaryTs);

    // Where it was declared, everyone is told, with the people's display names.
    expect(announcement?.args).toMatchObject({
      channel: "C0GENERAL",
      text: "Alice declared INC-1: Keystone tokens failing — join inc-1-keystone-tokens-failing",
    });
    expect(t.app.service.get(1).declaredBy).toBe("U0ALICE");
  });

  it("/incident ack is answered within the ack, and the summary is edited rather than re-posted", async () => {
    const t = await apps.start();
    const id = await t.declare("Nova API slow");
    const summaryTs = t.fake.channel(id)?.messages[0]?.ts;
    const before = t.fake.calls.length;

    const answer = await t.command("ack", { channelId: id, channelName: "inc-1-nova-api-slow" });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("");
    expect(answer.ms).toBeLessThan(3000);
    await t.settle();

    const after = t.fake.calls.slice(before).filter((c) => !c.method.startsWith("users."));
    // Notices are new messages; the summary is never posted again, only edited, once.
    const posts = after.filter((c) => c.method === "chat.postMessage");
    expect(posts[0]?.args).toMatchObject({
      channel: id,
      text: "Alice acknowledged INC-1 and is now the commander.",
    });
    expect(posts.filter((c) => c.args.blocks !== undefined)).toEqual([]);
    expect(after.filter((c) => !["chat.postMessage", "chat.update"].includes(c.method))).toEqual(
      [],
    );
    const update = only(after.filter((c) => c.method === "chat.update"));
    expect(update.args).toMatchObject({ channel: id, ts: summaryTs });
    expect(update.args.text).toContain("Roles: commander: Alice");
    const blocks = (update.args.blocks ?? []) as SlackBlock[];
    const fields = blocks[1]?.fields?.map((f) => f.text);
    expect(fields).toContain("*Roles*\ncommander: <@U0ALICE>");
    expect(t.app.service.get(1).roles.commander).toEqual({ id: "U0ALICE", name: "Alice" });
  });

  it("buttons on the summary run the same commands", async () => {
    const t = await apps.start();
    const id = await t.declare("Nova API slow");

    const answer = await t.interact(
      buttonPayload({
        actionId: "firebreak_status_identified",
        value: "status identified",
        channelId: id,
        userId: "U0BOB",
      }),
    );
    expect(answer.status).toBe(200);
    await t.settle();
    expect(t.app.service.get(1).status).toBe("identified");
    const said = t.fake.callsTo("chat.postMessage").map((c) => c.args.text);
    expect(said).toContain("Bob R. set the status to *identified*.");
    const update = t.fake.callsTo("chat.update").at(-1);
    const blocks = (update?.args.blocks ?? []) as SlackBlock[];
    const actions = blocks.find((b) => b.type === "actions");
    // The button for the status the incident is in now is gone.
    expect(actions?.elements?.map((e) => e.value)).toEqual([
      "ack",
      "status monitoring",
      "status resolved",
    ]);
  });

  it("help and errors are ephemeral: only the caller sees them", async () => {
    const t = await apps.start();
    await t.command("help");
    await t.command("frobnicate now");
    await t.command("ack");
    await t.command("sev 9", { userId: "U0BOB", userName: "bob" });
    await t.settle();

    expect(t.fake.callsTo("chat.postMessage")).toEqual([]);
    const ephemeral = t.fake.callsTo("chat.postEphemeral");
    expect(ephemeral.map((c) => [c.args.channel, c.args.user])).toEqual([
      ["C0GENERAL", "U0ALICE"],
      ["C0GENERAL", "U0ALICE"],
      ["C0GENERAL", "U0ALICE"],
      ["C0GENERAL", "U0BOB"],
    ]);
    const [help, unknown, notHere, badSev] = ephemeral.map((c) => String(c.args.text));
    expect(help).toContain("/incident declare");
    expect(unknown).toContain('Unknown sub-command "frobnicate"');
    expect(notHere).toContain("This is not an incident room");
    expect(badSev).toContain("is not a severity");
  });

  it("where the bot is not a member, answers through the command's response_url", async () => {
    const t = await apps.start();
    const responseUrl = t.fake.apiUrl.replace("/api/", "/response/1");
    await t.command("help", { channelId: "C0SECRET", channelName: "secret-plans", responseUrl });
    await t.settle();
    expect(t.fake.methods()).toEqual(["chat.postEphemeral", "response_url"]);
    expect(only(t.fake.callsTo("response_url")).args).toMatchObject({
      response_type: "ephemeral",
      replace_original: false,
    });
    expect(String(only(t.fake.callsTo("response_url")).args.text)).toContain("/incident declare");
  });

  it("/inc is the same command, and a private incident gets a private channel", async () => {
    const t = await apps.start();
    await t.command("declare Payroll leak --private --sev 1", { command: "/inc" });
    await t.settle();
    const create = only(t.fake.callsTo("conversations.create"));
    expect(create.args).toMatchObject({ name: "inc-1-payroll-leak", is_private: "true" });
    // The title of a private incident stays out of #general: only the declarer hears of it.
    expect(t.fake.callsTo("chat.postMessage").map((c) => c.args.channel)).toEqual([
      t.fake.channel("inc-1-payroll-leak")?.id,
    ]);
    expect(only(t.fake.callsTo("chat.postEphemeral")).args).toMatchObject({
      channel: "C0GENERAL",
      user: "U0ALICE",
      text: "You declared private INC-1; its room inc-1-payroll-leak is invite-only.",
    });
  });

  it("invites the route's people by name or ID, skips people Slack does not know, and broadcasts", async () => {
    const t = await apps.start({
      yaml: [
        "defaultRoute:",
        "  mode: declare",
        '  invite: ["@bob", "Carol Danvers", "<@U0ALICE>", "@nobody-here", "@gone"]',
        "  broadcast: incidents",
      ].join("\n"),
    });
    await t.command("declare Disk full on db1", { userId: "U0BOB", userName: "bob" });
    await t.settle();
    const invite = only(t.fake.callsTo("conversations.invite"));
    expect(invite.args.users).toBe("U0BOB,U0CAROL,U0ALICE");
    // The directory is read once (paged), not once per unknown name.
    expect(t.fake.callsTo("users.list").length).toBeGreaterThanOrEqual(1);
    const broadcast = t.fake
      .callsTo("chat.postMessage")
      .find((c) => c.args.channel === "incidents");
    expect(broadcast?.args.text).toBe(
      "🔥 *INC-1* · SEV3 · investigating — Disk full on db1 (room inc-1-disk-full-on-db1)",
    );

    // A status update goes to the incident channel and, threaded, under the broadcast line.
    const room = t.fake.channel("inc-1-disk-full-on-db1")?.id ?? "";
    const broadcastTs = t.fake.channel("incidents")?.messages[0]?.ts;
    await t.command("update Writes are failing on db1", { channelId: room, userId: "U0BOB" });
    await t.settle();
    const updates = t.fake
      .callsTo("chat.postMessage")
      .filter((c) => String(c.args.text).includes("Writes are failing"));
    expect(updates.map((c) => [c.args.channel, c.args.thread_ts])).toEqual([
      [room, undefined],
      ["C0INCIDENTS", broadcastTs],
    ]);

    // The broadcast line is edited in place, by channel ID (chat.update does not take names).
    await t.command("resolve disk cleaned", { channelId: room, userId: "U0BOB", userName: "bob" });
    await t.settle();
    const edits = t.fake.callsTo("chat.update").filter((c) => c.args.channel === "C0INCIDENTS");
    expect(edits.at(-1)?.args.text).toBe(
      "✅ *INC-1* · SEV3 · resolved — Disk full on db1 (room inc-1-disk-full-on-db1)",
    );
    expect(edits.at(-1)?.args.blocks).toEqual([]);
  });
});
