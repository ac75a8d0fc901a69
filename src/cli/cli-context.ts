import type { Config } from "../config/config.ts";
import type { Store } from "../core/store-ports.ts";

/** What every command of the `firebreak` program gets from it (see cli.ts). */
export interface Cli {
  /** The configuration (--config, FIREBREAK_CONFIG or ./firebreak.yaml), loaded when asked. */
  config(): Promise<Config>;
  /** One line on stdout. */
  print(text: string): void;
}

/** The database, opened for one command and closed after it, whatever happens. */
export async function withStore<T>(
  dataDir: string,
  use: (store: Store) => T | Promise<T>,
): Promise<T> {
  const { openSqliteStore } = await import("../store/sqlite/sqlite-store.ts");
  const store = openSqliteStore(dataDir);
  try {
    return await use(store);
  } finally {
    store.close();
  }
}
