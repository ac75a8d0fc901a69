import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Content,
  type FakeEvent,
  type FakeHomeserver,
  type MatrixApp,
  relation,
  startFakeHomeserver,
  startMatrixApp,
} from "./helpers/fake-homeserver.ts";

const newContent = (event: FakeEvent | undefined) =>
  (event?.content["m.new_content"] ?? {}) as Content;

describe("incident rooms on Matrix", () => {
  let fake: FakeHomeserver;
  let t: MatrixApp;
  let bot: string;
  let alice: string;
  let bob: string;
  let carol: string;
  let general: string;
  let incidents: string;

  /** What the bot posted in a room (edits apart). */
  const posts = (roomId: string) => fake.messagesFrom(roomId, bot, "posts");
  const edits = (roomId: string) => fake.messagesFrom(roomId, bot, "edits");

  beforeEach(async () => {
    fake = await startFakeHomeserver();
    bot = fake.registerUser("firebreak", "Firebreak");
    alice = fake.registerUser("alice", "Alice");
    bob = fake.registerUser("bob", "Bob");
    carol = fake.registerUser("carol", "Carol");
    general = fake.createRoom(alice, { name: "General", invite: [bot, bob] });
    fake.join(general, bot);
    fake.join(general, bob);
    incidents = fake.createRoom(alice, { name: "Incidents", room_alias_name: "incidents" });
    fake.invite(incidents, alice, bot);
    fake.join(incidents, bot);
    t = await startMatrixApp(fake, {
      bot,
      matrix: { roomAliasPrefix: "inc-" },
      yaml: 'defaultRoute:\n  invite: ["@carol", "@oncall"]\n  broadcast: incidents\n',
    });
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  const declare = async () => {
    fake.say(general, alice, "!inc declare Keystone tokens failing --sev 2");
    await t.settle();
    return fake.roomNamed("INC-1: Keystone tokens failing");
  };

  it("declare opens an invite-only room named INC-1: …, invites people and pins the summary", async () => {
    const roomId = await declare();
    expect(fake.state(roomId, "m.room.join_rules")).toEqual({ join_rule: "invite" });
    expect(fake.state(roomId, "m.room.canonical_alias")).toEqual({ alias: "#inc-1:fake.test" });
    expect(String(fake.state(roomId, "m.room.topic")?.topic)).toContain("INC-1 · SEV2");
    // The route's people (on the bot's server) and the declarer; an unknown one is skipped.
    expect(fake.membership(roomId, carol)).toBe("invite");
    expect(fake.membership(roomId, alice)).toBe("invite");
    expect(fake.membership(roomId, bot)).toBe("join");
    expect(fake.requests.filter((r) => r.path.endsWith("/invite")).map((r) => r.status)).toContain(
      404,
    );

    // The summary comes first, and is the only summary.
    const [summary, ...others] = posts(roomId);
    expect(others.filter((event) => String(event.content.body).startsWith("*INC-1*"))).toEqual([]);
    expect(summary?.content).toMatchObject({
      msgtype: "m.notice",
      format: "org.matrix.custom.html",
    });
    expect(String(summary?.content.body)).toMatch(
      /^\*INC-1\* · SEV2 · investigating — Keystone tokens failing\n/,
    );
    expect(String(summary?.content.formatted_body)).toContain(
      "<strong>INC-1</strong> · SEV2 · investigating — Keystone tokens failing<br>",
    );
    expect(fake.state(roomId, "m.room.pinned_events")).toEqual({ pinned: [summary?.event_id] });

    const reply = posts(general).find((event) => String(event.content.body).includes("declared"));
    expect(reply?.content).toMatchObject({
      msgtype: "m.notice",
      body: "Alice declared INC-1: Keystone tokens failing — join #inc-1:fake.test",
      formatted_body: "Alice declared INC-1: Keystone tokens failing — join #inc-1:fake.test",
    });
    expect(t.app.store.rooms.findByRoom("matrix", roomId)?.summaryMessageId).toBe(
      summary?.event_id,
    );
  });

  it("keeps a private incident's title out of the room it was declared in", async () => {
    fake.say(general, alice, "!inc declare Leaked credentials --private");
    await t.settle();
    const [roomId] = fake.roomsNamed("INC-1: Leaked credentials");
    expect(roomId).toBeDefined();
    expect(fake.state(roomId as string, "m.room.join_rules")).toEqual({ join_rule: "invite" });
    const said = posts(general).map((event) => String(event.content.body));
    expect(said).toEqual(["You declared private INC-1; its room #inc-1:fake.test is invite-only."]);
    expect(posts(incidents)).toEqual([]);
  });

  it("answers !inc ack with an m.notice, edits the summary in place and raises the commander", async () => {
    const roomId = await declare();
    fake.join(roomId, alice);
    fake.say(roomId, alice, "!inc ack");
    await t.settle();

    // One summary, edited in place; the acknowledgement (and whatever else the core says) as notices.
    const all = posts(roomId);
    const summaries = all.filter((event) => String(event.content.body).startsWith("*INC-1*"));
    expect(summaries).toHaveLength(1);
    const summary = summaries[0];
    const ack = all.find((event) => String(event.content.body).includes("acknowledged"));
    expect(ack?.content).toMatchObject({
      msgtype: "m.notice",
      body: "Alice acknowledged INC-1 and is now the commander.",
      format: "org.matrix.custom.html",
      formatted_body: "Alice acknowledged INC-1 and is now the commander.",
    });
    for (const event of all) expect(event.content.msgtype).toBe("m.notice");
    const edit = edits(roomId).at(-1);
    expect(relation(edit as FakeEvent)).toEqual({
      rel_type: "m.replace",
      event_id: summary?.event_id,
    });
    const replacement = newContent(edit);
    expect(replacement.msgtype).toBe("m.notice");
    expect(String(replacement.body)).toContain("Roles: commander: Alice");
    expect(String(edit?.content.body)).toMatch(/^\* \*INC-1\*/);
    expect(String(replacement.formatted_body)).toContain(
      'Roles: commander: <a href="https://matrix.to/#/@alice:fake.test">Alice</a>',
    );
    const levels = (fake.state(roomId, "m.room.power_levels")?.users ?? {}) as Record<
      string,
      number
    >;
    expect(levels[alice]).toBe(50);
  });

  it("hands the commander's power level on with the role, and shows people as pills", async () => {
    const roomId = await declare();
    fake.join(roomId, alice);
    fake.say(roomId, alice, "!inc role commander @bob:fake.test");
    await t.settle();
    const levels = fake.state(roomId, "m.room.power_levels")?.users as Record<string, number>;
    expect(levels[bob]).toBe(50);
    const latest = newContent(edits(roomId).at(-1));
    expect(String(latest.formatted_body)).toContain(
      'commander: <a href="https://matrix.to/#/@bob:fake.test">Bob</a>',
    );
    expect(posts(roomId).map((event) => event.content.body)).toContain("Alice made Bob commander.");
  });

  it("keeps one broadcast line per incident, edited in place, with updates in its thread", async () => {
    const roomId = await declare();
    const [line] = posts(incidents);
    expect(String(line?.content.body)).toBe(
      "🔥 *INC-1* · SEV2 · investigating — Keystone tokens failing (room #inc-1:fake.test)",
    );
    fake.join(roomId, alice);
    fake.say(roomId, alice, "!inc update Token issuance is failing for 30% of requests");
    fake.say(roomId, alice, "!inc sev 1");
    await t.settle();

    const [first, update, ...rest] = posts(incidents);
    expect(first?.event_id).toBe(line?.event_id);
    expect(rest).toEqual([]);
    expect(String(update?.content.body)).toContain(
      "Status update from Alice (investigating): Token issuance is failing for 30% of requests",
    );
    expect(relation(update as FakeEvent)).toEqual({
      rel_type: "m.thread",
      event_id: line?.event_id,
      is_falling_back: true,
      "m.in_reply_to": { event_id: line?.event_id },
    });
    const latest = edits(incidents).at(-1);
    expect(relation(latest as FakeEvent)?.event_id).toBe(line?.event_id);
    expect(String(newContent(latest).body)).toContain("SEV1");
  });

  it("retries createRoom and invites when the server says M_LIMIT_EXCEEDED", async () => {
    fake.rateLimit("POST", /\/createRoom$/, 2, 30);
    fake.rateLimit("POST", /\/invite$/, 1, 30);
    const roomId = await declare();
    const statuses = (path: string) =>
      fake.requests.filter((r) => r.path.endsWith(path)).map((r) => r.status);
    expect(statuses("/createRoom")).toEqual([429, 429, 200]);
    expect(statuses("/invite")[0]).toBe(429);
    expect(fake.roomsNamed("INC-1: Keystone tokens failing")).toEqual([roomId]);
    expect(fake.membership(roomId, carol)).toBe("invite");
    expect(posts(roomId)).toHaveLength(1);
  });

  it("lists a private incident only in its own room: the whole room reads a Matrix answer", async () => {
    fake.say(general, alice, "!inc declare Leaked credentials --private --sev 1");
    await t.settle();
    fake.say(general, alice, "!inc list");
    await t.settle();
    const answer = String(posts(general).at(-1)?.content.body);
    expect(answer).not.toContain("Leaked credentials");
    expect(answer).toContain("1 private incident you are in is left out here");
  });

  it("sends a rate-limited message once, reusing its transaction ID", async () => {
    fake.rateLimit("PUT", /\/send\/m\.room\.message\//, 1, 30);
    fake.say(general, bob, "!inc list");
    await t.settle();
    const sends = fake.requests.filter((r) => r.path.includes("/send/m.room.message/"));
    expect(sends.map((r) => r.status)).toEqual([429, 200]);
    expect(sends[0]?.path).toBe(sends[1]?.path);
    expect(posts(general).map((event) => event.content.body)).toEqual(["No open incidents."]);
  });
});
