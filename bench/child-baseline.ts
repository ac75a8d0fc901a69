// The baseline: what the machine can do with no framework at all. A bare node:http server that
// parses the JSON and inserts each alert into SQLite with better-sqlite3: one prepared statement,
// one transaction (one durable commit) per request, WAL and Firebreak's own synchronous setting.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { loadLikeTheCli } from "../src/cli/load-like-cli.ts";
import { fail, type Message, tell } from "./lib.ts";

interface Alert {
  status: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint: string;
}

try {
  loadLikeTheCli();
  const { SQLITE_JOURNAL_MODE, SQLITE_SYNCHRONOUS } = await import(
    "../src/store/sqlite/open-database.ts"
  );
  const dir = mkdtempSync(join(tmpdir(), "firebreak-bench-baseline-"));
  const db = new Database(join(dir, "baseline.db"));
  db.pragma(`journal_mode = ${SQLITE_JOURNAL_MODE}`);
  db.pragma(`synchronous = ${SQLITE_SYNCHRONOUS}`);
  db.exec(`create table alerts (
    id integer primary key autoincrement,
    source text not null, group_key text not null, fingerprint text not null,
    status text not null, labels text not null, annotations text not null,
    starts_at text not null, ends_at text, generator_url text, received_at text not null,
    unique (source, group_key, fingerprint))`);
  const upsert = db.prepare(`insert into alerts
      (source, group_key, fingerprint, status, labels, annotations, starts_at, ends_at, generator_url, received_at)
    values ('alertmanager', ?, ?, ?, ?, ?, ?, ?, ?, ?)
    on conflict (source, group_key, fingerprint) do update
      set status = excluded.status, ends_at = excluded.ends_at, received_at = excluded.received_at
      where status <> excluded.status`);
  const store = db.transaction((groupKey: string, alerts: Alert[], receivedAt: string) => {
    for (const alert of alerts) {
      upsert.run(
        groupKey,
        alert.fingerprint,
        alert.status,
        JSON.stringify(alert.labels),
        JSON.stringify(alert.annotations ?? {}),
        alert.startsAt,
        alert.endsAt ?? null,
        alert.generatorURL ?? null,
        receivedAt,
      );
    }
  });

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const answer = (status: number, body: object) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      try {
        const payload = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
          groupKey?: string;
          alerts?: Alert[];
        };
        if (typeof payload.groupKey !== "string" || !Array.isArray(payload.alerts)) {
          answer(400, { error: "invalid_payload" });
          return;
        }
        store(payload.groupKey, payload.alerts, new Date().toISOString());
        answer(200, { status: "ok", received: payload.alerts.length });
      } catch {
        answer(400, { error: "invalid_json" });
      }
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    tell({ type: "ready", address: `http://127.0.0.1:${port}` });
  });
  process.on("message", (message: Message) => {
    if (message.type !== "stop") return;
    server.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
} catch (error) {
  fail(error);
}
