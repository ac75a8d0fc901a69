import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store } from "../../src/core/store-ports.ts";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.ts";

/** A fresh, empty directory under the system temp dir; remove it with `removeTempDir`. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), "firebreak-"));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface TempStore {
  readonly dir: string;
  readonly store: Store;
  /** Closes the store (if still open) and deletes the directory. */
  cleanup(): void;
}

/** A real SQLite store, with the real migrations, in a fresh temp directory. */
export function openTempStore(): TempStore {
  const dir = makeTempDir();
  const store = openSqliteStore(dir);
  let closed = false;
  return {
    dir,
    store,
    cleanup() {
      if (!closed) {
        closed = true;
        try {
          store.close();
        } catch {
          // already closed by the test
        }
      }
      removeTempDir(dir);
    },
  };
}

/** Reads a JSON fixture from test/fixtures, fresh each time so tests cannot share mutations. */
export function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8"));
}
