import { closeSync, openSync, statSync, writeSync } from "node:fs";
import Database from "better-sqlite3";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databasePath } from "../../src/store/sqlite/open-database.ts";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";

/**
 * Issue 14, defect 5: with the database file corrupted under a running app, every webhook got a
 * 500 (`database disk image is malformed`) while /readyz said 200 and `"database": true`.
 */

const PAGE = 4096;
let t: ConsoleApp;
const logged: { level: number; msg: string; database?: string }[] = [];

const post = (id: string) =>
  fetch(`${t.address}/webhooks/generic`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id,
      title: `Disk full on ${id} ${"x".repeat(400)}`,
      severity: "critical",
    }),
  });
const readyz = async () => {
  const response = await fetch(`${t.address}/readyz`);
  return {
    status: response.status,
    body: (await response.json()) as { checks: Record<string, boolean> },
  };
};

beforeAll(async () => {
  const log = pino(
    { level: "info" },
    { write: (line: string) => logged.push(JSON.parse(line) as (typeof logged)[number]) },
  );
  t = await startConsoleApp({ log });
  for (let i = 0; i < 40; i++) expect((await post(`host-${i}`)).status).toBe(200);
  await t.app.drain();
});
afterAll(async () => {
  await t.close();
});

describe("readiness reflects whether the database can be used", () => {
  it("is ready on a sound database", async () => {
    expect(await readyz()).toMatchObject({ status: 200, body: { checks: { database: true } } });
  });

  it("is not ready once the file is damaged, and says so in the log once, with what to do", async () => {
    const file = databasePath(t.config.dataDir);
    // Everything into the main file first, then overwrite the middle half of its pages.
    const other = new Database(file);
    other.pragma("wal_checkpoint(TRUNCATE)");
    other.close();
    const pages = Math.floor(statSync(file).size / PAGE);
    const from = Math.floor(pages / 4) * PAGE;
    const garbage = Buffer.alloc(Math.floor(pages / 2) * PAGE, 0xab);
    const fd = openSync(file, "r+");
    writeSync(fd, garbage, 0, garbage.length, from);
    closeSync(fd);

    expect((await post("after-damage")).status).toBe(500);
    const first = await readyz();
    expect(first.status).toBe(503);
    expect(first.body.checks.database).toBe(false);
    expect((await post("again")).status).toBe(500);
    expect((await readyz()).status).toBe(503);

    const about = logged.filter((line) => line.level >= 50 && line.msg.includes(file));
    expect(about, JSON.stringify(logged.filter((line) => line.level >= 50))).toHaveLength(1);
    expect(about[0]?.msg).toMatch(/damaged.*restore it from a backup, or recover it/);
  });
});
