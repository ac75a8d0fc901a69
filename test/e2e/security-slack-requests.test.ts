import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  buttonPayload,
  eventCallback,
  interactivityBody,
  reactionEvent,
  type SlackApp,
  signedHeaders,
  slashCommandBody,
  startSlackApp,
} from "./helpers/fake-slack.ts";

/**
 * Security review, Slack HTTP mode: POST /slack/events acts only on requests whose v0 signature
 * verifies over the exact bytes, with a timestamp within five minutes of Firebreak's clock in
 * either direction. Anything else is a 401 and nothing happens: no incident, no state change, no
 * call to Slack. Each kind of request Slack sends (slash command, button, Events API callback) is
 * tried, and the same request correctly signed is shown to work, so the refusals mean something.
 */

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";
const PINNED_TS = "1763456400.123456";

let t: SlackApp;
let room: string;

beforeEach(async () => {
  t = await startSlackApp();
  room = await t.declare("Nova API slow");
  expect(room).not.toBe("");
  t.fake.addMessage(room, { ts: PINNED_TS, user: "U0BOB", text: "queue at 40k and rising" });
});
afterEach(async () => {
  await t.close();
});

interface SlackRequest {
  readonly body: string;
  readonly contentType: string;
}

/** The three kinds of request, each of which changes something when it is genuine. */
const requests: Record<string, () => SlackRequest> = {
  "a slash command declaring an incident": () => ({
    body: slashCommandBody({ text: "declare Forged incident --sev 1" }),
    contentType: FORM,
  }),
  "a Resolved button press": () => ({
    body: interactivityBody(
      buttonPayload({
        actionId: "firebreak_status_resolved",
        value: "status resolved",
        channelId: room,
        userId: "U0BOB",
      }),
    ),
    contentType: FORM,
  }),
  "a 📌 reaction event": () => ({
    body: JSON.stringify(eventCallback(reactionEvent({ channel: room, ts: PINNED_TS }))),
    contentType: JSON_TYPE,
  }),
};

const post = (request: SlackRequest, headers: Record<string, string>) =>
  t.post("/slack/events", request.contentType, request.body, headers);

const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

const signed = (body: string, timestamp = nowSeconds(), secret?: string) =>
  signedHeaders(body, timestamp, secret);

/** Everything an attacker would see change: incidents, their timelines, Slack calls. */
function state() {
  return JSON.stringify({
    incidents: t.app.service.list(),
    timelines: t.app.service.list().map((incident) => t.app.service.timeline(incident.number)),
    calls: t.fake.calls.length,
  });
}

/** Ways to get a request past the check without the signing secret. */
function forgeries(request: SlackRequest): [string, SlackRequest, Record<string, string>][] {
  const now = nowSeconds();
  const good = signed(request.body, now);
  const hmac = good["x-slack-signature"].slice("v0=".length);
  const altered = request.body.replace(/U0(ALICE|BOB)/, "U0CAROL");
  expect(altered).not.toBe(request.body);
  return [
    ["no signature headers", request, {}],
    ["a signature but no timestamp", request, { "x-slack-signature": good["x-slack-signature"] }],
    [
      "a timestamp but no signature",
      request,
      { "x-slack-request-timestamp": good["x-slack-request-timestamp"] },
    ],
    ["an empty signature", request, { ...good, "x-slack-signature": "" }],
    ["a made-up signature", request, { ...good, "x-slack-signature": `v0=${"ab".repeat(32)}` }],
    ["a signature with the wrong secret", request, signed(request.body, now, "not-the-secret")],
    [
      "the right HMAC under another version",
      request,
      { ...good, "x-slack-signature": `v1=${hmac}` },
    ],
    ["the HMAC without its version", request, { ...good, "x-slack-signature": hmac }],
    ["signed 5 min 1 s ago", request, signed(request.body, now - 301)],
    ["signed 5 min 1 s in the future", request, signed(request.body, now + 301)],
    ["signed at time 0", request, signed(request.body, 0)],
    [
      "a timestamp that is not a Unix time",
      request,
      { ...good, "x-slack-request-timestamp": `${now}.0` },
    ],
    ["the body altered after signing", { ...request, body: altered }, signed(request.body, now)],
    [
      "the signature of the body with something appended",
      request,
      signed(`${request.body}&x=1`, now),
    ],
  ];
}

describe("POST /slack/events refuses what Slack did not sign", () => {
  for (const [kind, make] of Object.entries(requests)) {
    it(`${kind}: every forgery is a 401 and changes nothing; signed, it works`, async () => {
      const request = make();
      const before = state();
      for (const [why, forged, headers] of forgeries(request)) {
        const answer = await post(forged, headers);
        expect(answer.status, why).toBe(401);
        expect(JSON.parse(answer.text), why).toMatchObject({ error: "invalid_signature" });
        await t.settle();
        expect(state(), why).toBe(before);
      }

      const genuine = await post(request, signed(request.body));
      expect(genuine.status).toBe(200);
      await t.settle();
      expect(state()).not.toBe(before);
    });
  }

  it("the genuine requests do what they say (so the refusals above are meaningful)", async () => {
    for (const make of Object.values(requests)) {
      const request = make();
      expect((await post(request, signed(request.body))).status).toBe(200);
      await t.settle();
    }
    expect(t.app.service.list().map((incident) => incident.title)).toContain("Forged incident");
    expect(t.app.service.get(1).status).toBe("resolved");
    const pinned = t.app.service.timeline(1).filter((entry) => entry.event.kind === "message");
    expect(pinned.map((entry) => entry.text)).toEqual(["queue at 40k and rising"]);
  });
});

describe("the replay window follows Firebreak's clock", () => {
  it("a captured request replayed once the clock has moved 5 minutes on is refused", async () => {
    const request = requests["a slash command declaring an incident"]?.() as SlackRequest;
    const headers = signed(request.body);
    expect((await post(request, headers)).status).toBe(200);
    await t.settle();
    expect(t.app.service.list()).toHaveLength(2);

    t.clock.advance(5 * 60_000 + 1_000);
    const replayed = await post(request, headers);
    expect(replayed.status).toBe(401);
    expect(JSON.parse(replayed.text).message).toMatch(/^Slack signature rejected: /);
    await t.settle();
    expect(t.app.service.list()).toHaveLength(2);
  });

  it("a request signed by a Slack whose clock runs up to 5 minutes ahead or behind is taken", async () => {
    const help = { body: slashCommandBody({ text: "help" }), contentType: FORM };
    const now = nowSeconds();
    expect((await post(help, signed(help.body, now + 299))).status).toBe(200);
    expect((await post(help, signed(help.body, now - 299))).status).toBe(200);
    await t.settle();
    expect(t.fake.callsTo("chat.postEphemeral")).toHaveLength(2);
  });
});

describe("Slack's unsigned ssl_check probe", () => {
  it("cannot carry a command or a button press past the signature check", async () => {
    const before = state();
    const smuggled = [
      `ssl_check=1&${slashCommandBody({ text: "declare Smuggled incident" })}`,
      `${slashCommandBody({ text: "declare Smuggled incident" })}&ssl_check=1`,
      `${interactivityBody(
        buttonPayload({
          actionId: "firebreak_status_resolved",
          value: "status resolved",
          channelId: room,
          userId: "U0BOB",
        }),
      )}&ssl_check=1`,
    ];
    for (const body of smuggled) {
      const answer = await post({ body, contentType: FORM }, {});
      expect(answer.status).toBe(200);
      expect(answer.text).toBe("");
    }
    await t.settle();
    expect(state()).toBe(before);
    expect(t.app.service.get(1).status).toBe("investigating");
  });
});
