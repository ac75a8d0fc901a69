import { randomBytes } from "node:crypto";
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { FirebreakError } from "../../core/firebreak-error.ts";
import { SITE_FILE } from "./site-paths.ts";

/** Records which files the last build wrote, so the next one removes only its own leftovers. */
const SITE_MANIFEST = ".firebreak-site.json";

function readManifest(outDir: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(outDir, SITE_MANIFEST), "utf8"));
  } catch {
    return [];
  }
  const files = (parsed as { files?: unknown } | null)?.files;
  // Only names a build could have written are trusted: an edited manifest cannot aim deletes elsewhere.
  return Array.isArray(files)
    ? files.filter((file): file is string => typeof file === "string" && SITE_FILE.test(file))
    : [];
}

/**
 * A real directory inside the output folder. A symlink or file in its place is refused: following
 * it would write outside the folder.
 */
function ensureDirectory(path: string): void {
  let stats: ReturnType<typeof lstatSync> | undefined;
  try {
    stats = lstatSync(path);
  } catch {
    mkdirSync(path);
    return;
  }
  if (!stats.isDirectory()) {
    throw new FirebreakError(
      "site_path_blocked",
      `${path} exists and is not a folder (a symlink or file?); the site will not write through it.`,
      "Move it away and build again.",
    );
  }
}

/**
 * Writes through a fresh temporary file and renames it into place: readers never see a half
 * written page, and an existing symlink at the target is replaced rather than followed.
 */
function writeAtomically(path: string, content: string): void {
  const temporary = join(dirname(path), `.site-${randomBytes(6).toString("hex")}.tmp`);
  writeFileSync(temporary, content, { flag: "wx" });
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function removeIfFile(path: string): void {
  try {
    if (!lstatSync(path).isDirectory()) unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/**
 * Makes `outDir` hold exactly `files` (relative paths to contents) among the files builds own:
 * writes them, then removes what the previous build wrote and this one does not. Anything else
 * in the folder is left alone.
 */
export function writeSiteFiles(outDir: string, files: ReadonlyMap<string, string>): void {
  for (const file of files.keys()) {
    if (!SITE_FILE.test(file)) throw new Error(`Not a site file: ${file}`);
  }
  mkdirSync(outDir, { recursive: true });
  const previous = readManifest(outDir);
  const next = [...files.keys()].sort();
  // Until the build finishes, the manifest lists old and new files, so a build that dies half way
  // leaves nothing the next one would not clean up.
  const both = [...new Set([...previous, ...next])].sort();
  writeAtomically(join(outDir, SITE_MANIFEST), `${JSON.stringify({ files: both }, null, 2)}\n`);
  for (const [file, content] of files) {
    if (file.includes("/")) ensureDirectory(join(outDir, dirname(file)));
    writeAtomically(join(outDir, file), content);
  }
  for (const file of previous) {
    if (!files.has(file)) removeIfFile(join(outDir, file));
  }
  writeAtomically(join(outDir, SITE_MANIFEST), `${JSON.stringify({ files: next }, null, 2)}\n`);
}
