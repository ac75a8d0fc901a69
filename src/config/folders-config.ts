import { resolve } from "node:path";
import { z } from "zod";

/**
 * The folders Firebreak reads and writes: top-level keys of firebreak.yaml, each with an
 * environment variable over it. Their defaults are not zod defaults, since a default is relative
 * to the working directory while a value written in the file is relative to the file.
 */
const FOLDERS = {
  /** Holds firebreak.db (SQLite). */
  dataDir: { env: "FIREBREAK_DATA_DIR", fallback: "./data" },
  /** Runbook commands, one file each. */
  commandsDir: { env: "FIREBREAK_COMMANDS_DIR", fallback: "./commands" },
  /** Postmortem and message templates. */
  templatesDir: { env: "FIREBREAK_TEMPLATES_DIR", fallback: "./templates" },
  /** The static incident site goes here. */
  publishDir: { env: "FIREBREAK_PUBLISH_DIR", fallback: "./public" },
  /** Postmortem drafts (drafts/INC-42.md) and published postmortems (INC-42.md), for git. */
  postmortemsDir: { env: "FIREBREAK_POSTMORTEMS_DIR", fallback: "./postmortems" },
} as const;

type FolderKey = keyof typeof FOLDERS;

const folder = z.string().optional();

/** The folder keys as firebreak.yaml writes them (spread into the file's schema). */
export const folderKeys = {
  dataDir: folder,
  commandsDir: folder,
  templatesDir: folder,
  publishDir: folder,
  postmortemsDir: folder,
} satisfies Record<FolderKey, typeof folder>;

/**
 * Each folder as an absolute path: the environment variable (relative to the working directory)
 * wins, then the file's value (relative to the file's folder), then the default (relative to the
 * working directory). Empty values count as unset.
 */
export function folderSettings(
  file: { readonly [K in FolderKey]?: string | undefined },
  where: { readonly cwd: string; readonly fileDir: string },
  env: NodeJS.ProcessEnv,
): Readonly<Record<FolderKey, string>> {
  const path = (key: FolderKey): string => {
    const { env: envName, fallback } = FOLDERS[key];
    const fromEnv = env[envName];
    if (fromEnv) return resolve(where.cwd, fromEnv);
    const fromFile = file[key];
    return fromFile ? resolve(where.fileDir, fromFile) : resolve(where.cwd, fallback);
  };
  return {
    dataDir: path("dataDir"),
    commandsDir: path("commandsDir"),
    templatesDir: path("templatesDir"),
    publishDir: path("publishDir"),
    postmortemsDir: path("postmortemsDir"),
  };
}
