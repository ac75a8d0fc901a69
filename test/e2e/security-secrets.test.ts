import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { createConsoleChat } from "../../src/chat/console-chat.ts";
import { createLogger } from "../../src/cli/logger.ts";
import { type Config, loadConfig, type MatrixConfig } from "../../src/config/config.ts";
import { manualClock } from "../../src/core/clock.ts";
import { makeTempDir, removeTempDir } from "../helpers/temp-store.ts";
import {
  type FakeHomeserver,
  startFakeHomeserver,
  startMatrixApp,
} from "./helpers/fake-homeserver.ts";
import {
  BOT_TOKEN,
  buttonPayload,
  eventCallback,
  interactivityBody,
  SIGNING_SECRET,
  slashCommandBody,
  startSlackApp,
} from "./helpers/fake-slack.ts";

/**
 * Security review, secrets: the webhook token, the Slack bot token and signing secret, the Matrix
 * access token (or password) and the values of runbook secret variables never show up in the log
 * (Firebreak's real pino logger, at trace level, captured from its destination), in chat, in the
 * postmortem files, on the public site, or in the SQLite files.
 *
 * Already covered elsewhere: runbook output redaction in chat and on the timeline
 * (runbook-chat.test.ts, runbook-run.test.ts, runbook-http.test.ts, runbook-redact.test.ts).
 */

const WEBHOOK_TOKEN = "wh-tok-5b0e2c7d9a1f43e8";
const NEAR_MISS_TOKEN = "wh-tok-5b0e2c7d9a1f43e9";
const EXEC_SECRET = "exec-secret-d41d8cd98f00b204";
const HTTP_SECRET = "http-secret-9e107d9d372bb682";
const MATRIX_PASSWORD = "matrix password c0rrect h0rse";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Firebreak's own logger (its redaction included), writing into memory instead of stderr. */
function capturedLogger(): { log: Logger; text: () => string } {
  const chunks: string[] = [];
  const sink = {
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
  };
  const spy = vi.spyOn(pino, "destination").mockReturnValue(sink as never);
  try {
    return { log: createLogger("trace"), text: () => chunks.join("") };
  } finally {
    spy.mockRestore();
  }
}

function tempDir(): string {
  const dir = makeTempDir();
  cleanups.push(() => removeTempDir(dir));
  return dir;
}

/** Everything in the files under a folder (the postmortems, the site, the database). */
function filesText(dir: string): string {
  if (!existsSync(dir)) return "";
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString("latin1"))
    .join("\n");
}

/** Asserts that no secret appears in any place; places are named in the failure. */
function expectNowhere(secrets: Record<string, string>, places: Record<string, string>): void {
  for (const [secretName, secret] of Object.entries(secrets)) {
    for (const [placeName, text] of Object.entries(places)) {
      expect(text.includes(secret), `${secretName} found in ${placeName}`).toBe(false);
    }
  }
}

function where(app: App, config: Config, logs: string, chat: string): Record<string, string> {
  return {
    "the log": logs,
    chat,
    "the postmortems folder": filesText(config.postmortemsDir),
    "the public site": filesText(config.publishDir),
    "the database files": filesText(config.dataDir),
    "the timeline": JSON.stringify(app.service.list().map((i) => app.service.timeline(i.number))),
  };
}

describe("pino redaction", () => {
  it("redacts token and authorization fields, at the top and one level down", () => {
    const { log, text } = capturedLogger();
    log.info({ token: WEBHOOK_TOKEN }, "top-level token");
    log.info({ authorization: `Bearer ${WEBHOOK_TOKEN}` }, "top-level authorization");
    log.info({ request: { token: WEBHOOK_TOKEN } }, "nested token");
    log.info({ headers: { authorization: `Bearer ${WEBHOOK_TOKEN}` } }, "headers");
    log.info({ req: { headers: { authorization: `Bearer ${WEBHOOK_TOKEN}` } } }, "request");
    const lines = text().trim().split("\n");
    expect(lines).toHaveLength(5);
    expect(text()).not.toContain(WEBHOOK_TOKEN);
    expect(text().match(/\[redacted\]/g)).toHaveLength(5);
  });

  it("redacts every secret of a loaded config, however deep it is logged", () => {
    const secrets = {
      webhookToken: "cfg-webhook-token-1a2b3c",
      grafanaSecret: "cfg-grafana-secret-4d5e6f",
      botToken: "xoxb-cfg-bot-token-7a8b9c",
      signingSecret: "cfg-signing-secret-0d1e2f",
      appToken: "xapp-cfg-app-token-3a4b5c",
      accessToken: "syt_cfg_access_token_6d7e8f",
      password: "cfg matrix password 9a0b1c",
    };
    const dir = tempDir();
    const config = loadConfig(
      { cwd: dir },
      {
        FIREBREAK_WEBHOOK_TOKEN: secrets.webhookToken,
        FIREBREAK_GRAFANA_SECRET: secrets.grafanaSecret,
        SLACK_BOT_TOKEN: secrets.botToken,
        SLACK_SIGNING_SECRET: secrets.signingSecret,
        SLACK_APP_TOKEN: secrets.appToken,
        MATRIX_HOMESERVER_URL: "https://matrix.example.org",
        MATRIX_ACCESS_TOKEN: secrets.accessToken,
        MATRIX_USER_ID: "@firebreak:example.org",
        MATRIX_USER: "firebreak",
        MATRIX_PASSWORD: secrets.password,
      },
    );
    expect(config.slack?.botToken).toBe(secrets.botToken);
    expect(config.matrix?.password).toBe(secrets.password);
    const { log, text } = capturedLogger();
    log.info(config, "the config at the top");
    log.info({ config }, "the config one level down");
    log.info({ app: { config } }, "the config two levels down");
    log.error({ err: Object.assign(new Error("boom"), { config }) }, "an error carrying it");
    // What HTTP clients put on their errors and requests: headers in any case, cookies.
    const http = {
      req: {
        headers: { authorization: `Bearer ${secrets.webhookToken}`, cookie: secrets.password },
      },
      res: { headers: { "set-cookie": [secrets.accessToken] } },
      err: {
        config: {
          headers: {
            Authorization: `Bearer ${secrets.botToken}`,
            "proxy-authorization": `Basic ${secrets.grafanaSecret}`,
            "x-api-key": secrets.appToken,
          },
        },
      },
      runbook: { command: "status-api", secrets: [secrets.signingSecret] },
    };
    log.warn(http, "http traffic");
    log.warn({ request: http }, "http traffic, nested");
    // A Slack Web API request error wraps the HTTP client's error, with its config and raw request.
    const original = {
      config: { headers: { Authorization: `Bearer ${secrets.botToken}` } },
      request: {
        _header: `POST /api/chat.postMessage HTTP/1.1\r\nAuthorization: Bearer ${secrets.botToken}\r\n`,
      },
    };
    log.error({ err: Object.assign(new Error("A request error occurred"), { original }) }, "slack");

    const lines = text().trim().split("\n");
    expect(lines).toHaveLength(7);
    expectNowhere(secrets, { "the log": text() });
    // Redacted, not dropped: the log still says which settings were present.
    const top = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    expect(top.webhookToken).toBe("[redacted]");
    expect((top.slack as Record<string, unknown>).botToken).toBe("[redacted]");
    expect((top.matrix as Record<string, unknown>).homeserverUrl).toBe(
      "https://matrix.example.org",
    );
    expect(top.port).toBe(8787);
  });
});

describe("webhooks and runbook commands (console chat)", () => {
  it("keep the webhook token and runbook secrets out of logs, chat, files and the database", async () => {
    // A careless API that echoes the credential it was sent.
    const seen: string[] = [];
    const api: Server = createServer((request, response) => {
      seen.push(String(request.headers.authorization));
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ ok: true, auth: request.headers.authorization }));
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => api.close(() => resolve())));
    const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;

    const dataDir = tempDir();
    const commandsDir = join(dataDir, "commands");
    mkdirSync(commandsDir);
    const node = JSON.stringify(process.execPath);
    writeFileSync(
      join(commandsDir, "leak-env.yaml"),
      [
        "name: leak-env",
        "description: Prints a secret variable, as a careless script would.",
        "secretEnv: [FB_SEC_EXEC]",
        `exec: [${node}, -e, "console.log('key=' + process.env.FB_SEC_EXEC); console.error(process.env.FB_SEC_EXEC); process.exit(3)"]`,
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(commandsDir, "status-api.yaml"),
      [
        "name: status-api",
        "description: Calls an API with a secret header.",
        "http:",
        "  method: GET",
        `  url: "${apiUrl}/status"`,
        "  headers:",
        `    Authorization: "Bearer \${env:FB_SEC_HTTP}"`,
        "",
      ].join("\n"),
    );
    const saved = { exec: process.env.FB_SEC_EXEC, http: process.env.FB_SEC_HTTP };
    process.env.FB_SEC_EXEC = EXEC_SECRET;
    process.env.FB_SEC_HTTP = HTTP_SECRET;
    cleanups.push(() => {
      for (const [name, value] of [
        ["FB_SEC_EXEC", saved.exec],
        ["FB_SEC_HTTP", saved.http],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    const { log, text: logs } = capturedLogger();
    const lines: string[] = [];
    const clock = manualClock("2026-11-18T09:12:40Z");
    const chat = createConsoleChat({
      write: (line) => lines.push(line),
      clock,
      room: "general",
      user: "alice",
    });
    const config: Config = {
      ...loadConfig({ cwd: dataDir }, { FIREBREAK_WEBHOOK_TOKEN: WEBHOOK_TOKEN }),
      dataDir,
      commandsDir,
      port: 0,
    };
    expect(config.webhookToken).toBe(WEBHOOK_TOKEN);
    const app = createApp({ config, clock, chats: [chat], log });
    const address = await app.start();
    cleanups.push(() => app.stop());

    const body = readFileSync(
      join(import.meta.dirname, "..", "fixtures", "alertmanager-firing.json"),
    );
    const basic = Buffer.from(`alertmanager:${WEBHOOK_TOKEN}`).toString("base64");
    const post = (authorization: string, payload: Buffer | string = body) =>
      fetch(`${address}/webhooks/alertmanager`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization },
        body: payload,
      }).then((response) => response.status);
    expect(await post(`Bearer ${WEBHOOK_TOKEN}`)).toBe(200);
    expect(await post(`Basic ${basic}`)).toBe(200);
    expect(await post(`Bearer ${NEAR_MISS_TOKEN}`)).toBe(401);
    expect(await post(`Bearer ${WEBHOOK_TOKEN}`, '{"version":"4"}')).toBe(400);
    expect(await post(`Bearer ${WEBHOOK_TOKEN}`, "{not json")).toBe(400);
    await app.drain();

    const say = async (text: string) => {
      await chat.type("inc-1", "alice", text);
      await app.drain();
    };
    await say("!inc ack");
    await say("!inc run leak-env");
    await say("!inc run status-api");
    await say("!inc run status-api --dry-run");
    await say("!inc resolve");
    await say("!inc postmortem");
    await say('!inc postmortem publish --waive "reviewed"');

    // The secrets were really in play: the commands ran, the API got its token.
    const runs = app.service.timeline(1).filter((entry) => entry.event.kind === "command_run");
    expect(runs).toHaveLength(3);
    expect(seen).toEqual([`Bearer ${HTTP_SECRET}`]);
    expect(app.service.get(1).status).toBe("closed");
    expect(filesText(config.publishDir)).toContain("INC-1");
    // And the log was really captured, at the most talkative level.
    expect(logs()).toContain('"msg":"alerts received"');

    expectNowhere(
      {
        "the webhook token": WEBHOOK_TOKEN,
        "the Basic credentials": basic,
        "a near-miss token": NEAR_MISS_TOKEN,
        "the exec secret": EXEC_SECRET,
        "the HTTP secret": HTTP_SECRET,
      },
      where(app, config, logs(), lines.join("\n")),
    );
  });
});

describe("Slack", () => {
  it("keeps the bot token and the signing secret out of logs, messages, files and the database", async () => {
    const { log, text: logs } = capturedLogger();
    const t = await startSlackApp({
      log,
      slack: { retryConfig: { retries: 1, factor: 1, minTimeout: 10, maxTimeout: 20 } },
    });
    cleanups.push(() => t.close());
    const { app, config, fake } = t;
    const send = async (
      body: string,
      contentType: "application/json" | "application/x-www-form-urlencoded",
      secret = SIGNING_SECRET,
    ) => {
      const response = await t.send(body, contentType, { secret });
      await t.settle();
      return response.status;
    };
    const form = "application/x-www-form-urlencoded";
    const command = (text: string, channelId = "C0GENERAL") =>
      send(slashCommandBody({ text, channelId }), form);

    expect(await command("declare Nova API slow")).toBe(200);
    const channel = fake.channel("inc-1-nova-api-slow")?.id ?? "";
    expect(channel).not.toBe("");
    expect(await command("ack", channel)).toBe(200);
    // A forged request (refused and logged), a Slack API error (logged), a button, an event.
    expect(await send(slashCommandBody({ text: "help" }), form, "guessed-secret")).toBe(401);
    fake.fail("chat.postMessage", "not_in_channel", 3);
    expect(await command("note conductor restarted", channel)).toBe(200);
    const press = buttonPayload({
      actionId: "firebreak_status_identified",
      value: "status identified",
      channelId: channel,
    });
    expect(await send(interactivityBody(press), form)).toBe(200);
    fake.addMessage(channel, { ts: "1763456400.123456", user: "U0BOB", text: "queue at 40k" });
    const pin = eventCallback({
      type: "reaction_added",
      user: "U0ALICE",
      reaction: "pushpin",
      item_user: "U0BOB",
      item: { type: "message", channel, ts: "1763456400.123456" },
      event_ts: "1763457000.000100",
    });
    expect(await send(JSON.stringify(pin), "application/json")).toBe(200);
    expect(await command("resolve", channel)).toBe(200);
    expect(await command("postmortem", channel)).toBe(200);
    expect(await command('postmortem publish --waive "reviewed"', channel)).toBe(200);

    expect(app.service.get(1).status).toBe("closed");
    // The token was used, and the Web API client's own debug lines were captured.
    expect(fake.calls.every((call) => call.token === BOT_TOKEN)).toBe(true);
    expect(logs()).toContain("http request headers");
    expect(logs()).toContain("Slack request refused");

    expectNowhere(
      { "the bot token": BOT_TOKEN, "the signing secret": SIGNING_SECRET },
      {
        ...where(app, config, logs(), ""),
        // Bolt's auth.test carries the token to Slack itself, as it must; nothing else does.
        "what Firebreak posted to Slack": JSON.stringify(
          fake.calls.filter((call) => call.method !== "auth.test").map((call) => call.args),
        ),
      },
    );
  });
});

describe("Matrix", () => {
  async function startMatrix(
    fake: FakeHomeserver,
    bot: string,
    matrix: Partial<MatrixConfig>,
    log: Logger,
  ) {
    const started = await startMatrixApp(fake, {
      bot,
      log,
      matrix: { accessToken: undefined, ...matrix },
    });
    cleanups.push(() => started.close());
    return started;
  }

  it("keeps the access token out of logs, rooms, files and the database, even when refused", async () => {
    const fake = await startFakeHomeserver();
    cleanups.push(() => fake.close());
    const bot = fake.registerUser("firebreak", "Firebreak");
    const alice = fake.registerUser("alice", "Alice");
    const general = fake.createRoom(alice, { name: "General", invite: [bot] });
    fake.join(general, bot);
    const accessToken = fake.tokenFor(bot);
    const { log, text: logs } = capturedLogger();
    const { app, config, settle } = await startMatrix(fake, bot, { accessToken }, log);

    fake.say(general, alice, "!inc declare Nova API slow");
    await settle();
    const [room] = fake.roomsNamed("INC-1: Nova API slow");
    if (!room) throw new Error("no incident room");
    fake.join(room, alice);
    // Rate-limited sends make the SDK and the adapter log their retries.
    fake.rateLimit("PUT", /\/send\//, 2, 20);
    fake.say(room, alice, "!inc ack");
    fake.say(room, alice, "!inc note failover started");
    fake.say(room, alice, "!inc resolve");
    await settle();
    fake.say(room, alice, "!inc postmortem");
    await settle();
    fake.say(room, alice, '!inc postmortem publish --waive "reviewed"');
    await settle();
    expect(app.service.get(1).status).toBe("closed");
    expect(fake.requests.some((request) => request.status === 429)).toBe(true);

    // A second start with a token the server does not know: refused, without repeating it.
    const bad = "syt_security_review_unknown_token_7c2e";
    const refused = await startMatrix(fake, bot, { accessToken: bad }, log).then(
      () => "started",
      (error: Error) => error.message,
    );
    expect(refused).not.toBe("started");
    expect(refused).not.toContain(bad);
    expect(logs()).toContain("connected to Matrix");

    const rooms = [general, room]
      .map((id) => JSON.stringify(fake.events(id).map((event) => event.content)))
      .join("\n");
    expectNowhere(
      { "the access token": accessToken, "the refused token": bad },
      { ...where(app, config, logs(), rooms) },
    );
  });

  it("keeps the password out of logs and the database when it logs in", async () => {
    const fake = await startFakeHomeserver();
    cleanups.push(() => fake.close());
    const bot = fake.registerUser("firebreak", "Firebreak", MATRIX_PASSWORD);
    const { log, text: logs } = capturedLogger();
    const { app, config } = await startMatrix(
      fake,
      bot,
      { userId: undefined, user: "firebreak", password: MATRIX_PASSWORD },
      log,
    );
    expect(app.store.isHealthy()).toBe(true);
    expect(logs()).toContain("logged in to Matrix");
    expectNowhere(
      { "the password": MATRIX_PASSWORD },
      {
        "the log": logs(),
        "the database files": filesText(config.dataDir),
      },
    );
  });
});
