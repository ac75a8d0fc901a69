import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { createConsoleChat } from "../../src/chat/console-chat.ts";
import { type Config, loadConfig } from "../../src/config/config.ts";
import type { ChatPort } from "../../src/core/chat-port.ts";
import { type ManualClock, manualClock } from "../../src/core/clock.ts";
import { databasePath } from "../../src/store/sqlite/open-database.ts";

let app: App | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  app = undefined;
  dir = undefined;
});

/** What a chat API says while it is down: an HTTP 503, as the SDKs report it. */
const unavailable = () =>
  Object.assign(new Error("An HTTP protocol error occurred: 503"), { statusCode: 503 });

/** The console chat, with a switch that makes every outgoing call fail as a platform outage does. */
function flakyConsole(clock: ManualClock, lines: string[]) {
  const inner = createConsoleChat({
    write: (l) => lines.push(l),
    clock,
    room: "general",
    user: "x",
  });
  const state = { down: false, calls: 0 };
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      state.calls++;
      if (state.down) throw unavailable();
      return call(...args);
    };
  const chat: ChatPort & { type: typeof inner.type } = {
    ...inner,
    openRoom: guard(inner.openRoom),
    post: guard(inner.post),
    edit: guard(inner.edit),
    invite: guard(inner.invite),
  };
  return { chat, state };
}

function configFor(dataDir: string): Config {
  return { ...loadConfig({ cwd: dataDir }, {}), dataDir, port: 0 };
}

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "..", "fixtures", name));
const post = (address: string, body: Buffer) =>
  fetch(`${address}/webhooks/alertmanager`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });

describe("a chat outage", () => {
  it("keeps taking alerts and commands, shows the backlog, and delivers it in order when chat is back", async () => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-outage-"));
    const lines: string[] = [];
    const clock = manualClock("2026-11-18T09:12:40Z");
    const { chat, state } = flakyConsole(clock, lines);
    let wall = Date.now();
    app = createApp({
      config: configFor(dir),
      clock,
      chats: [chat],
      log: pino({ level: "silent" }),
      wallNow: () => wall,
    });
    const address = await app.start();
    state.down = true;

    // Alerts still get their 200 at once, and the incident exists with every alert.
    expect((await post(address, fixture("alertmanager-firing.json"))).status).toBe(200);
    await app.drain();
    expect(app.store.incidents.list()).toHaveLength(1);
    expect(app.store.alerts.listForIncident(1)).toHaveLength(2);
    expect(app.store.rooms.listForIncident(1)).toEqual([]);

    // The room cannot open, yet people already act on the incident (from wherever they are).
    app.service.apply(1, (incident, at) => ({
      incident: { ...incident, acknowledgedAt: at, status: "identified" },
      entries: [
        {
          event: {
            kind: "status",
            from: incident.status,
            to: "identified",
            text: "conductor queue",
          },
          occurredAt: at,
          actor: { id: "bob", name: "bob" },
        },
      ],
    }));
    clock.advance(60_000);
    expect((await post(address, fixture("alertmanager-resolved.json"))).status).toBe(200);
    await app.drain();
    await app.reminders.sweep(); // still down: nothing changes, nothing breaks
    expect(app.store.incidents.list()[0]?.status).toBe("identified");

    // The backlog shows where operators look, and nothing was given up.
    const ready = (await (await fetch(`${address}/readyz`)).json()) as {
      backlog: { chatJobs: number; chatJobsFailed: number };
    };
    expect(ready.backlog.chatJobs).toBeGreaterThanOrEqual(3);
    expect(ready.backlog.chatJobsFailed).toBe(0);
    const metrics = await (await fetch(`${address}/metrics`)).text();
    expect(metrics).toContain(`firebreak_chat_backlog ${ready.backlog.chatJobs}`);
    expect(metrics).toContain("firebreak_chat_jobs_failed 0");
    const roomLines = () => lines.filter((line) => line.startsWith("[inc-1]"));
    expect(roomLines()).toEqual([]);

    // Back: once the backoff (at most a minute) has passed, the worker retries on its own (no
    // drain), and the room gets everything, in order.
    state.down = false;
    wall += 60_000;
    app.outbox.kick();
    const deadline = Date.now() + 15_000;
    while (app.store.outbox.counts().waiting > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(app.store.outbox.counts()).toEqual({ waiting: 0, failed: 0 });
    const said = roomLines().map((line) => line.replace(/^\[inc-1\] firebreak: /, ""));
    expect(said[0]).toMatch(/^\*INC-1\* · SEV1 · identified/); // the summary as it is now
    const status = said.findIndex((line) => line.startsWith("bob set the status to *identified*"));
    const allClear = said.findIndex((line) => line.startsWith("Every alert of INC-1 has resolved"));
    expect(status).toBeGreaterThan(0);
    expect(allClear).toBeGreaterThan(status);
    expect(lines.join("\n")).not.toContain("investigating\n");
  });

  it("keeps the database file readable by the bot's user only", async () => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-perms-"));
    const clock = manualClock("2026-11-18T09:12:40Z");
    app = createApp({
      config: configFor(dir),
      clock,
      chats: [createConsoleChat({ write: () => {}, clock, room: "general", user: "x" })],
      log: pino({ level: "silent" }),
    });
    expect(statSync(databasePath(dir)).mode & 0o777).toBe(0o600);
  });

  it("after a crash before chat was told, a restart delivers what was committed, once", async () => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-crash-"));
    const clock = manualClock("2026-11-18T09:12:40Z");
    const config = configFor(dir);
    const boot = (lines: string[]) =>
      createApp({
        config,
        clock,
        chats: [
          createConsoleChat({ write: (l) => lines.push(l), clock, room: "general", user: "x" }),
        ],
        log: pino({ level: "silent" }),
      });
    // The "crash": alerts and a note committed, and the process gone before delivering anything
    // (the worker only delivers once started).
    const crashed = boot([]);
    const received = crashed.receiveAlerts([
      {
        source: "generic",
        fingerprint: "f1",
        status: "firing",
        labels: { alertname: "NovaConductorDown", severity: "critical" },
        annotations: { summary: "nova-conductor down" },
        startsAt: "2026-11-18T09:12:00Z",
        endsAt: null,
        generatorUrl: null,
        groupKey: "generic/nova",
      },
    ]);
    expect(received.opened).toEqual([1]);
    crashed.service.apply(1, (incident, at) => ({
      incident,
      entries: [
        {
          event: { kind: "note", text: "conductor queue at 40k" },
          occurredAt: at,
          actor: { id: "bob", name: "bob" },
        },
      ],
    }));
    expect(crashed.store.outbox.counts().waiting).toBeGreaterThanOrEqual(3);
    crashed.store.close();

    const first: string[] = [];
    app = boot(first);
    await app.start();
    await app.drain();
    expect(first.join("\n")).toContain("[inc-1] firebreak: *INC-1* · SEV1 · investigating");
    expect(
      first.filter((line) => line === "[inc-1] firebreak: 📝 Noted on the timeline."),
    ).toHaveLength(1);
    expect(app.store.outbox.counts()).toEqual({ waiting: 0, failed: 0 });
    await app.stop();

    const second: string[] = [];
    app = boot(second);
    await app.start();
    await app.drain();
    expect(second).toEqual([]);
  });

  it("gives up a message the platform refuses for good, keeps it for the operator, and moves on", async () => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-refused-"));
    const lines: string[] = [];
    const clock = manualClock("2026-11-18T09:12:40Z");
    const { chat } = flakyConsole(clock, lines);
    let refuse = true;
    const refusing: ChatPort = {
      ...chat,
      post: async (roomId, message) => {
        if (refuse && message.text.startsWith("📝")) {
          throw Object.assign(new Error("An API error occurred: is_archived"), {
            data: { ok: false, error: "is_archived" },
          });
        }
        return chat.post(roomId, message);
      },
    };
    app = createApp({
      config: configFor(dir),
      clock,
      chats: [refusing],
      log: pino({ level: "silent" }),
    });
    const address = await app.start();
    const declared = app.service.declare(
      { title: "Keystone slow", severity: 3, trigger: "chat" },
      { id: "bob", name: "bob" },
    );
    const note = (text: string) =>
      app?.service.apply(declared.number, (incident, at) => ({
        incident,
        entries: [
          { event: { kind: "note", text }, occurredAt: at, actor: { id: "bob", name: "bob" } },
        ],
      }));
    note("first");
    await app.drain();
    refuse = false;
    app.service.apply(declared.number, (incident, at) => ({
      incident: { ...incident, severity: 2 },
      entries: [
        {
          event: { kind: "severity", from: incident.severity, to: 2 },
          occurredAt: at,
          actor: { id: "bob", name: "bob" },
        },
      ],
    }));
    await app.drain();
    expect(lines).toContain("[inc-1] firebreak: bob changed the severity from SEV3 to SEV2.");
    expect(app.store.outbox.counts()).toEqual({ waiting: 0, failed: 1 });
    expect(
      ((await (await fetch(`${address}/readyz`)).json()) as { backlog: unknown }).backlog,
    ).toEqual({
      chatJobs: 0,
      chatJobsFailed: 1,
    });
  });
});
