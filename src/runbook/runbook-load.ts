import { type Dirent, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, extname, isAbsolute, join, relative } from "node:path";
import { parseDocument } from "yaml";
import { describeZodError, formatPath } from "../core/describe-zod-error.ts";
import { sizeOverLimit } from "../core/file-size-limit.ts";
import { showInvisible } from "../core/show-invisible.ts";
import { type RunbookCommand, runbookCommandSchema } from "./runbook-command.ts";

export interface RunbookProblem {
  /** The file as found (the folder joined with its name). */
  readonly file: string;
  /** Where in the file: `args[1].pattern`, `line 4`, `(top level)`, `(file)` or `(folder)`. */
  readonly key: string;
  readonly problem: string;
}

export interface LoadedRunbookCommands {
  /** Every command that loaded, in file-name order. */
  readonly commands: RunbookCommand[];
  readonly problems: RunbookProblem[];
}

/** A command file is a few dozen lines; anything far bigger is not one. */
const MAX_FILE_BYTES = 64 * 1024;

/**
 * Loads `commands/*.yaml` (and `.yml`). It never throws for a bad file: each fault comes back with
 * file, key and problem, so `firebreak commands check` can list them all at once and the bot can
 * decide whether to start without the bad files.
 */
export function loadRunbookCommands(dir: string): LoadedRunbookCommands {
  const commands: RunbookCommand[] = [];
  const problems: RunbookProblem[] = [];
  let realDir: string;
  let entries: Dirent[];
  try {
    realDir = realpathSync(dir);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({
      file: dir,
      key: "(folder)",
      problem: `cannot read the folder (${code(error)})`,
    });
    return { commands, problems };
  }
  const byName = new Map<string, string>();
  const names = entries
    .map((entry) => entry.name)
    .filter((name) => /\.ya?ml$/.test(name) && !name.startsWith("."))
    .sort();
  for (const name of names) {
    const file = join(dir, name);
    const result = loadFile(file, realDir);
    if ("problems" in result) {
      problems.push(...result.problems);
      continue;
    }
    const { command } = result;
    const stem = basename(name, extname(name));
    if (command.name !== stem) {
      problems.push({
        file,
        key: "name",
        problem: `"${command.name}" does not match the file name: call it "${stem}" or rename the file to ${command.name}.yaml`,
      });
      continue;
    }
    const earlier = byName.get(command.name);
    if (earlier !== undefined) {
      problems.push({
        file,
        key: "name",
        problem: `"${command.name}" is already defined in ${earlier}`,
      });
      continue;
    }
    byName.set(command.name, file);
    commands.push(command);
  }
  return { commands, problems };
}

function loadFile(
  file: string,
  realDir: string,
): { command: RunbookCommand } | { problems: RunbookProblem[] } {
  const fail = (key: string, problem: string) => ({ problems: [{ file, key, problem }] });
  let text: string;
  try {
    const real = realpathSync(file);
    const inside = relative(realDir, real);
    // A link out of the folder would let whoever can write there point the bot at any file.
    if (inside.startsWith("..") || isAbsolute(inside)) {
      return fail("(file)", `links to ${real}, outside the commands folder: refused`);
    }
    const stats = statSync(real);
    if (!stats.isFile()) return fail("(file)", "is not a regular file");
    const tooBig = sizeOverLimit(stats.size, MAX_FILE_BYTES, "a command file");
    if (tooBig !== undefined) return fail("(file)", tooBig);
    text = readFileSync(real, "utf8");
  } catch (error) {
    return fail("(file)", `cannot read it (${code(error)})`);
  }
  const document = parseDocument(text, { prettyErrors: true });
  const [first] = document.errors;
  if (first) {
    const line = first.linePos?.[0]?.line;
    const message = (first.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
    return fail(line === undefined ? "(yaml)" : `line ${line}`, `not valid YAML: ${message}`);
  }
  let raw: unknown;
  try {
    raw = document.toJS();
  } catch (error) {
    // Aliases that expand without end (a "billion laughs" file) are refused here, not thrown.
    return fail("(yaml)", `not usable YAML: ${(error as Error).message}`);
  }
  if (raw === null || raw === undefined) return fail("(top level)", "the file is empty");
  const parsed = runbookCommandSchema.safeParse(raw);
  if (!parsed.success) {
    const described = describeZodError(parsed.error);
    return {
      problems: parsed.error.issues.flatMap((issue, i) =>
        // Name the unknown key itself: that is where the typo is.
        issue.code === "unrecognized_keys"
          ? issue.keys.map((key) => ({
              file,
              key: formatPath([...issue.path, showKey(key)]),
              problem: "unknown key (a typo?)",
            }))
          : [
              {
                file,
                key: described[i]?.field ?? "(top level)",
                problem: described[i]?.problem ?? issue.message,
              },
            ],
      ),
    };
  }
  return { command: { ...parsed.data, file } };
}

/**
 * An unknown key as the operator can find it in the file: quoted when it is blank or holds spaces
 * or invisible characters (a zero-width space, a bidi override), which would otherwise not show.
 */
function showKey(key: string): string {
  if (/^[^\s\p{C}"]+$/u.test(key)) return key;
  return showInvisible(JSON.stringify(key));
}

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
