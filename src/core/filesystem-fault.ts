import { FirebreakError } from "./firebreak-error.ts";

/** What to do about each fault, by Node's errno code or better-sqlite3's SQLite code. */
const ADVICE: Readonly<Record<string, (path: string) => string>> = {
  EACCES: () =>
    "permission denied: give the user running Firebreak access to it, or choose another path",
  EPERM: () =>
    "operation not permitted: give the user running Firebreak access to it, or choose another path",
  EROFS: () => "the file system is read-only: choose a path on a writable one",
  ENOSPC: () => "the disk is full: free some space and try again",
  EDQUOT: () => "the disk quota is used up: free some space and try again",
  ENOTDIR: () =>
    "a file stands where a folder is needed (on the path or above it): move it away, or choose another path",
  EEXIST: () => "a file stands where a folder is needed: move it away, or choose another path",
  EISDIR: () => "it is a folder: give a file name",
  ENOENT: () => "a folder on the way is missing: create it, or choose another path",
  SQLITE_NOTADB: () =>
    "it is not a SQLite database (file is not a database): point FIREBREAK_DATA_DIR at Firebreak's data folder, or move the file away to start a new database",
  SQLITE_CORRUPT: (path) =>
    `the database is damaged (database disk image is malformed): stop Firebreak and restore it from a backup, or recover it with \`sqlite3 ${path} .recover\``,
  SQLITE_READONLY: (path) =>
    `the database cannot be written: give the user running Firebreak write access to ${path} and its folder (SQLite writes ${path}-wal and ${path}-shm beside it)`,
  SQLITE_CANTOPEN: () =>
    "the database cannot be opened: check that its folder exists and the user running Firebreak may write there",
  SQLITE_FULL: () => "the disk is full: free some space and try again",
  SQLITE_IOERR: () => "the disk reported an I/O error: check the disk and the file system",
};

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * A file-system or SQLite fault at `path`, as one sentence naming the path and what to do; other
 * errors come back undefined (they are bugs, and keep their stack). SQLite's extended codes
 * (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE, …) share their primary code's advice.
 */
export function filesystemFault(error: unknown, path: string): FirebreakError | undefined {
  const code = codeOf(error);
  if (!code) return undefined;
  const advice = ADVICE[code] ?? ADVICE[code.replace(/^(SQLITE_[A-Z]+)_.*$/, "$1")];
  if (!advice) return undefined;
  return new FirebreakError("filesystem_fault", `${path}: ${advice(path)} (${code}).`);
}

/** Runs `work` on `path`, turning a file-system or SQLite fault into that one clear sentence. */
export function atPath<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw filesystemFault(error, path) ?? error;
  }
}
