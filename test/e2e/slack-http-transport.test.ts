import { afterEach, describe, expect, it } from "vitest";
import { checkSlackSignature } from "../../src/chat/slack/slack-request-signature.ts";
import {
  SIGNING_SECRET,
  slackApps,
  slackSignature,
  slashCommandBody,
} from "./helpers/fake-slack.ts";

const apps = slackApps();
afterEach(apps.closeAll);

const FORM = "application/x-www-form-urlencoded" as const;
const JSON_TYPE = "application/json" as const;

describe("Slack HTTP mode: POST /slack/events on Firebreak's port", () => {
  it("answers url_verification with the challenge", async () => {
    const t = await apps.start();
    const body = JSON.stringify({
      token: "Jhj5dZrVaK7ZwHHjRyZWjbDl",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    const answer = await t.send(body, JSON_TYPE);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
  });

  it("refuses a bad signature, a wrong secret, a stale or future timestamp (401) and does nothing", async () => {
    const t = await apps.start();
    const body = slashCommandBody({ text: "declare Should never happen" });
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const refused = [
      await t.send(body, FORM, { signature: "v0=deadbeef" }),
      await t.send(body, FORM, { secret: "not-the-secret" }),
      // Signed correctly, but 6 minutes old by Firebreak's clock: a replay.
      await t.send(body, FORM, { timestamp: now - 6 * 60 }),
      await t.send(body, FORM, { timestamp: now + 6 * 60 }),
      // The signature of another body.
      await t.send(body, FORM, { signature: slackSignature(SIGNING_SECRET, now, `${body}x`) }),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(JSON.parse(refused[2]?.text ?? "{}")).toMatchObject({ error: "invalid_signature" });

    const unsigned = await t.post("/slack/events", FORM, body);
    expect(unsigned.status).toBe(401);
    await t.settle();
    expect(t.fake.methods()).toEqual([]);
    expect(t.app.service.list()).toEqual([]);
  });

  it("accepts a request signed within the window (4 minutes old)", async () => {
    const t = await apps.start();
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const answer = await t.send(slashCommandBody({ text: "help" }), FORM, {
      timestamp: now - 4 * 60,
    });
    expect(answer.status).toBe(200);
    await t.settle();
    expect(t.fake.methods()).toEqual(["chat.postEphemeral"]);
  });

  it("answers Slack's unsigned ssl_check without handing it to the app", async () => {
    const t = await apps.start();
    const answer = await t.post("/slack/events", FORM, "ssl_check=1&token=x");
    expect(answer.status).toBe(200);
    expect(t.fake.methods()).toEqual([]);
  });

  it("leaves the webhooks' own JSON handling alone", async () => {
    const t = await apps.start();
    const answer = await t.post("/webhooks/generic", FORM, "a=b");
    expect(answer.status).toBe(415);
    const bad = await t.post("/webhooks/generic", JSON_TYPE, "{");
    expect(bad.status).toBe(400);
  });

  it("a command Firebreak was not configured for is not acknowledged", async () => {
    const t = await apps.start();
    const answer = await t.command("help", { command: "/somethingelse" });
    expect(answer.status).toBe(404);
  });
});

describe("checkSlackSignature", () => {
  const now = new Date("2026-11-18T09:12:40Z");
  const ts = Math.floor(now.getTime() / 1000);
  // The example from Slack's "Verifying requests from Slack" page.
  const body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

  it("verifies Slack's documented example signature", () => {
    const verdict = checkSlackSignature({
      signingSecret: "8f742231b10e8888abcd99yyyzzz85a5",
      rawBody: body,
      signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      timestamp: "1531420618",
      now: new Date(1531420618 * 1000 + 60_000),
    });
    expect(verdict).toEqual({ ok: true });
  });

  it("says why it refuses", () => {
    const check = (signature: string | undefined, timestamp: string | undefined) =>
      checkSlackSignature({ signingSecret: "s", rawBody: "x", signature, timestamp, now });
    expect(check(undefined, String(ts))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("missing"),
    });
    expect(check("v0=00", "soon")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("Unix time"),
    });
    expect(check("v0=00", String(ts - 301))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("stale"),
    });
    expect(check("v0=00", String(ts))).toMatchObject({ ok: false, reason: "signature mismatch" });
    expect(check("v1=00", String(ts))).toMatchObject({
      ok: false,
      reason: "unknown signature version",
    });
  });
});
