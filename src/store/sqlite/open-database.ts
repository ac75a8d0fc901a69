import { chmodSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { atPath } from "../../core/filesystem-fault.ts";
import * as schema from "./db-schema.ts";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** WAL: readers never wait for the writer, and a commit appends instead of rewriting pages. */
export const SQLITE_JOURNAL_MODE = "WAL";
/** FULL makes a commit durable before the webhook answers 2xx, even on power loss. */
export const SQLITE_SYNCHRONOUS = "FULL";

export const MIGRATIONS_DIR = join(import.meta.dirname, "..", "..", "..", "drizzle");

export function databasePath(dataDir: string): string {
  return join(dataDir, "firebreak.db");
}

/** How many compiled statements a connection keeps (distinct SQL texts; the oldest go first). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Drizzle compiles every query it runs (`client.prepare`) and throws the statement away, which
 * costs more than running it. With this, one SQL text compiles once per connection. A statement
 * handed out again gets its default modes back first (drizzle switches `raw()` on for selects and
 * never off); one still busy iterating is not shared.
 */
function cacheStatements(client: Database.Database): void {
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Database.Statement>();
  client.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      cache.delete(source);
      cache.set(source, cached);
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached;
    }
    const statement = prepare(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    return statement;
  }) as Database.Database["prepare"];
}

/** Opens (creating if needed) the database file, in WAL mode, with every migration applied. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:")
    atPath(dirname(file), () => mkdirSync(dirname(file), { recursive: true }));
  return atPath(file, () => openAndMigrate(file));
}

function openAndMigrate(file: string): Db {
  const client = new Database(file);
  cacheStatements(client);
  client.pragma(`journal_mode = ${SQLITE_JOURNAL_MODE}`);
  client.pragma(`synchronous = ${SQLITE_SYNCHRONOUS}`);
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  const db = drizzle({ client, schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  if (file !== ":memory:") ownerOnly(file);
  return db;
}

/** Incident data is for the bot's user only, whatever the umask (the WAL files included). */
function ownerOnly(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(path, 0o600);
    } catch {
      // The -wal/-shm files come and go with connections; the database file itself always exists.
    }
  }
}
