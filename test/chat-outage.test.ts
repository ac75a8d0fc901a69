import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { ingestAlerts } from "../src/alert-intake.ts";
import { alertmanagerPayload, normalizeAlertmanager } from "../src/alertmanager-payload.ts";
import { type App, createApp } from "../src/app.ts";
import { manualClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { createConsoleChat } from "../src/console-chat.ts";
import { databasePath } from "../src/open-database.ts";
import { openSqliteStore } from "../src/sqlite-store.ts";

let app: App | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  app = undefined;
  dir = undefined;
});

describe("a chat outage", () => {
  it("loses nothing: the alert is stored at once, and the room opens when chat is back", async () => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-outage-"));
    const lines: string[] = [];
    const clock = manualClock("2026-11-18T09:12:40Z");
    const console = createConsoleChat({
      write: (l) => lines.push(l),
      clock,
      room: "general",
      user: "x",
    });
    let down = true;
    const flaky = {
      ...console,
      async openRoom(...args: Parameters<typeof console.openRoom>) {
        if (down) throw new Error("chat platform unavailable (503)");
        return console.openRoom(...args);
      },
    };
    app = createApp({
      config: { ...loadConfig({ cwd: dir }, {}), dataDir: dir, port: 0 },
      clock,
      chats: [flaky],
      log: pino({ level: "silent" }),
    });
    const address = await app.start();
    const response = await fetch(`${address}/webhooks/alertmanager`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: readFileSync(join(import.meta.dirname, "fixtures", "alertmanager-firing.json")),
    });
    expect(response.status).toBe(200);
    await app.drain();
    expect(app.store.incidents.list()).toHaveLength(1);
    expect(app.store.alerts.listForIncident(1)).toHaveLength(2);
    expect(app.store.rooms.listForIncident(1)).toEqual([]);

    await app.reminders.sweep(); // still down: nothing changes, nothing breaks
    expect(app.store.rooms.listForIncident(1)).toEqual([]);
    // The failure shows where operators look.
    const ready = (await (await fetch(`${address}/readyz`)).json()) as {
      backlog: Record<string, number>;
    };
    expect(ready.backlog).toEqual({ chatJobs: 0, chatJobsFailed: 1 });
    expect(await (await fetch(`${address}/metrics`)).text()).toContain(
      "firebreak_chat_jobs_failed 1",
    );

    down = false;
    await app.reminders.sweep();
    await app.drain();
    expect(app.store.rooms.listForIncident(1).map((room) => room.roomId)).toEqual(["inc-1"]);
    expect(lines.join("\n")).toContain("[inc-1] firebreak: *INC-1* · SEV1 · investigating");
  });

  it("keeps the database file readable by the bot's user only", async () => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-perms-"));
    const clock = manualClock("2026-11-18T09:12:40Z");
    app = createApp({
      config: { ...loadConfig({ cwd: dir }, {}), dataDir: dir, port: 0 },
      clock,
      chats: [createConsoleChat({ write: () => {}, clock, room: "general", user: "x" })],
      log: pino({ level: "silent" }),
    });
    expect(statSync(databasePath(dir)).mode & 0o777).toBe(0o600);
  });

  it("after a crash between the commit and chat, a restart opens the room and says what was missed, once", async () => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-crash-"));
    const clock = manualClock("2026-11-18T09:12:40Z");
    const config = { ...loadConfig({ cwd: dir }, {}), dataDir: dir, port: 0 };
    // The "crash": alerts and a note committed, and the process gone before any chat job ran.
    const store = openSqliteStore(dir);
    const payload = alertmanagerPayload.parse(
      JSON.parse(
        readFileSync(join(import.meta.dirname, "fixtures", "alertmanager-firing.json"), "utf8"),
      ),
    );
    ingestAlerts(store, normalizeAlertmanager(payload), clock, config);
    store.timeline.append(
      1,
      [
        {
          event: { kind: "note", text: "conductor queue at 40k" },
          occurredAt: "2026-11-18T09:13:00Z",
          actor: { id: "bob", name: "bob" },
        },
      ],
      "2026-11-18T09:13:00Z",
    );
    store.close();

    const boot = async (lines: string[]) => {
      const chat = createConsoleChat({
        write: (l) => lines.push(l),
        clock,
        room: "general",
        user: "x",
      });
      const started = createApp({ config, clock, chats: [chat], log: pino({ level: "silent" }) });
      await started.start();
      await started.drain();
      return started;
    };
    const first: string[] = [];
    app = await boot(first);
    expect(first.join("\n")).toContain("[inc-1] firebreak: *INC-1* · SEV1 · investigating");
    expect(first).toContain("[inc-1] firebreak: 📝 Noted on the timeline.");
    expect(app.store.timeline.listUnannounced(10)).toEqual([]);
    await app.stop();

    const second: string[] = [];
    app = await boot(second);
    expect(second).toEqual([]);
  });
});
