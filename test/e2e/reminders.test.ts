import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { type ConsoleChat, createConsoleChat } from "../../src/chat/console-chat.ts";
import { type Config, loadConfig } from "../../src/config/config.ts";
import { type ManualClock, manualClock } from "../../src/core/clock.ts";

const dirs: string[] = [];
const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The whole bot on a data dir; starting it twice on the same dir is a restart. */
async function boot(dataDir: string, clock: ManualClock, lines: string[]) {
  const config: Config = {
    ...loadConfig({ cwd: dataDir }, {}),
    dataDir,
    port: 0,
    reminders: {
      acknowledgeMinutes: 5,
      escalateTo: ["@backup"],
      updateMinutes: { 1: 15, 2: 30, 3: 60, 4: 120 },
      triageMinutes: 15,
      postmortemDays: 3,
      publishDays: 14,
    },
  };
  const chat: ConsoleChat = createConsoleChat({
    write: (l) => lines.push(l),
    clock,
    room: "general",
    user: "x",
  });
  const app = createApp({ config, clock, chats: [chat], log: pino({ level: "silent" }) });
  apps.push(app);
  const address = await app.start();
  return { app, chat, address };
}

/** A fresh data dir, a manual clock at `start`, and where the console's lines go. */
function fresh(start: string) {
  const dir = mkdtempSync(join(tmpdir(), "firebreak-reminders-"));
  dirs.push(dir);
  return { dir, clock: manualClock(start), lines: [] as string[] };
}

const reminders = (lines: string[]) => lines.filter((line) => line.includes("⏰"));

describe("reminders", () => {
  it("nudge, escalate, and survive a restart in the middle of a wait without repeating", async () => {
    const { dir, clock, lines } = fresh("2026-11-18T09:12:40Z");
    let { app, address } = await boot(dir, clock, lines);
    const body = readFileSync(
      join(import.meta.dirname, "..", "fixtures", "alertmanager-firing.json"),
    );
    await fetch(`${address}/webhooks/alertmanager`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    await app.drain();

    clock.advance(4 * 60_000);
    expect(await app.reminders.sweep()).toBe(0);
    clock.advance(2 * 60_000);
    expect(await app.reminders.sweep()).toBe(1);
    expect(reminders(lines)).toEqual([
      "[inc-1] firebreak: ⏰ INC-1 is not acknowledged after 6m 00s. Whoever is on it: `!inc ack`.",
    ]);
    expect(await app.reminders.sweep()).toBe(0);

    // Restart in the middle of the escalation wait.
    await app.stop();
    apps.pop();
    ({ app } = await boot(dir, clock, lines));
    clock.advance(5 * 60_000);
    expect(await app.reminders.sweep()).toBe(1);
    expect(reminders(lines)[1]).toContain(
      "Escalating INC-1: still nobody on it after 11m 00s. @backup, please take a look",
    );
    // The backup list is invited into the incident's room, not only named.
    expect(lines).toContain("  (inc-1: invited @backup)");
    // The SEV1 update cadence (15 minutes) has passed too by the next look.
    clock.advance(5 * 60_000);
    expect(await app.reminders.sweep()).toBe(1);
    expect(reminders(lines)[2]).toContain(
      "A status update for INC-1 is due (none sent yet; every 15m 00s at this severity)",
    );
  });

  it("go quiet once the incident moves on", async () => {
    const { dir, clock, lines } = fresh("2026-11-18T09:00:00Z");
    const { app, chat } = await boot(dir, clock, lines);
    await chat.type("general", "alice", "!inc declare Keystone slow --sev 2");
    await chat.type("inc-1", "alice", "!inc ack");
    clock.advance(20 * 60_000);
    await chat.type("inc-1", "alice", "!inc update Token checks slow; next update 09:50");
    clock.advance(20 * 60_000);
    expect(await app.reminders.sweep()).toBe(0);
    clock.advance(15 * 60_000);
    expect(await app.reminders.sweep()).toBe(1);
    await chat.type("inc-1", "alice", "!inc resolve");
    clock.advance(60 * 60_000);
    expect(await app.reminders.sweep()).toBe(0);
    // Three days later the postmortem is due.
    clock.advance(3 * 24 * 60 * 60_000);
    expect(await app.reminders.sweep()).toBe(1);
    expect(reminders(lines).at(-1)).toContain("has no postmortem draft yet: `!inc postmortem`");
  });

  it("remind about an undecided triage", async () => {
    const { dir, clock, lines } = fresh("2026-11-18T09:00:00Z");
    const { app } = await boot(dir, clock, lines);
    app.receiveAlerts([
      {
        source: "generic",
        fingerprint: "f",
        status: "firing",
        labels: { alertname: "DiskFull" },
        annotations: { summary: "Disk full on db1" },
        startsAt: "2026-11-18T09:00:00Z",
        endsAt: null,
        generatorUrl: null,
        groupKey: "generic/f",
      },
    ]);
    app.store.incidents.save({ ...app.service.get(1), status: "triage" });
    await app.drain();
    clock.advance(16 * 60_000);
    expect(await app.reminders.sweep()).toBe(1);
    expect(reminders(lines)[0]).toContain("INC-1 has waited in triage for 16m 00s");
  });

  it("hold a status update to the time it promised", async () => {
    const { dir, clock, lines } = fresh("2026-11-18T09:00:00Z");
    const { app, chat } = await boot(dir, clock, lines);
    await chat.type("general", "alice", "!inc declare Keystone slow --sev 2");
    await chat.type("inc-1", "alice", "!inc ack");
    await chat.type(
      "inc-1",
      "alice",
      '!inc update Token checks slow --impact "logins fail for 30%" --next 10',
    );
    expect(lines).toContain(
      "[inc-1] firebreak: 📣 Status update from alice (investigating): Token checks slow\n                   Impact: logins fail for 30%\n                   Next update by 09:10:00 UTC.",
    );
    clock.advance(9 * 60_000);
    expect(await app.reminders.sweep()).toBe(0);
    clock.advance(60_000);
    expect(await app.reminders.sweep()).toBe(1);
    expect(reminders(lines).at(-1)).toContain(
      "A status update for INC-1 is due (the last was 10m 00s ago",
    );
  });
});
