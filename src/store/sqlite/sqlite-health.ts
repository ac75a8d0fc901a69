import type Database from "better-sqlite3";
import { filesystemFault } from "../../core/filesystem-fault.ts";

/** Faults that mean the file itself is bad, not that one query failed. */
const DAMAGED = /^SQLITE_(CORRUPT|NOTADB)/;

/** Reads the newest row of each table a webhook or command touches: a walk down each B-tree. */
const READ_PROBE = [
  "select number from incidents order by number desc limit 1",
  "select id from alerts order by id desc limit 1",
  "select id from timeline_entries order by id desc limit 1",
  "select id from chat_outbox order by id desc limit 1",
];

/**
 * Whether the database can really be read and written, cheaply. Each check reads real tables and
 * makes a write it rolls back (`select 1` answers even on a damaged file). SQLite's own integrity
 * check reads the whole file, so it runs only on the first check and after a query found damage;
 * damage it confirms stays reported until restart (the file needs restoring anyway).
 */
export function createSqliteHealth(client: Database.Database, file: string) {
  let integrityUnknown = true;
  let damage: string | undefined;

  const describe = (error: unknown) =>
    filesystemFault(error, file)?.message ?? `${file}: ${(error as Error).message}`;

  function integrityProblem(): string | undefined {
    const rows = client.pragma("quick_check(1)", { simple: false }) as { quick_check: string }[];
    const verdict = rows[0]?.quick_check ?? "ok";
    return verdict === "ok"
      ? undefined
      : describe(Object.assign(new Error(verdict), { code: "SQLITE_CORRUPT" }));
  }

  function probe(): void {
    for (const sql of READ_PROBE) client.prepare(sql).get();
    if (client.inTransaction) return; // a transaction under way is writing already
    const version = client.pragma("user_version", { simple: true }) as number;
    client.exec(`savepoint ready_probe; pragma user_version = ${Number(version)}`);
    client.exec("rollback to ready_probe; release ready_probe");
  }

  return {
    /** Notes an error a query raised: damage to the file gets the integrity check next time. */
    noteError(error: unknown): void {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === "string" && DAMAGED.test(code)) integrityUnknown = true;
    },
    /** Undefined when healthy, otherwise what is wrong and what to do, naming the file. */
    problem(): string | undefined {
      try {
        if (integrityUnknown && !damage) {
          integrityUnknown = false;
          damage = integrityProblem();
        }
        if (damage) return damage;
        probe();
        return undefined;
      } catch (error) {
        this.noteError(error);
        return describe(error);
      }
    },
  };
}
