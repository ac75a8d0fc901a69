import { accessSync, appendFileSync, constants } from "node:fs";
import { delimiter, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Programs some suites need that npm cannot install. `npm test` must pass on a machine with only
 * Node and npm, so a suite whose program is missing is skipped, and the run ends with one line per
 * skipped suite saying what to install (see test/global-setup.ts). Under CI=true a missing program
 * fails the suite instead: CI must never go green by skipping. `.ci/run` installs them.
 */

interface ExternalTool {
  /** What it is, for people. */
  readonly what: string;
  /** How to install it on Debian (the machines this project runs on). */
  readonly install: string;
  /** An environment variable that may name the program's path instead. */
  readonly pathVariable: string;
  /** Where to look when the variable is not set: names searched on PATH, and absolute paths. */
  readonly candidates: readonly string[];
}

const TOOLS = {
  alertmanager: {
    what: "the real Prometheus Alertmanager",
    install: "apt-get install -y --no-install-recommends prometheus-alertmanager",
    pathVariable: "ALERTMANAGER_BIN",
    candidates: ["prometheus-alertmanager", "/usr/bin/prometheus-alertmanager"],
  },
  chromium: {
    what: "headless Chromium",
    install: "apt-get install -y --no-install-recommends chromium",
    pathVariable: "CHROMIUM_BIN",
    candidates: ["/usr/bin/chromium"],
  },
} as const satisfies Record<string, ExternalTool>;

export type ExternalToolName = keyof typeof TOOLS;

/** The environment variable through which the global setup tells suites where to note a skip. */
export const SKIP_NOTES_VARIABLE = "FIREBREAK_SKIPPED_SUITES_FILE";

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every place a tool is looked for, in order. */
function placesFor(tool: ExternalTool, env: NodeJS.ProcessEnv): string[] {
  const explicit = env[tool.pathVariable];
  if (explicit) return [explicit];
  const path = (env.PATH ?? "").split(delimiter).filter((dir) => dir !== "");
  const places = tool.candidates.flatMap((name) =>
    name.startsWith("/") ? [name] : path.map((dir) => join(dir, name)),
  );
  return [...new Set(places)];
}

/** The tool's path, or undefined when it is not installed. */
export function findTool(
  name: ExternalToolName,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return placesFor(TOOLS[name], env).find(isExecutable);
}

/** Why a suite cannot run, and how to make it run. */
export function missingToolMessage(
  name: ExternalToolName,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const tool = TOOLS[name];
  return (
    `${tool.what} is not installed (looked for ${placesFor(tool, env).join(", ")}). ` +
    `Install it with \`apt-get update && ${tool.install}\`, or set ${tool.pathVariable} to its path.`
  );
}

/**
 * The tool a suite needs: its path, or undefined when it is missing and the suite is to be skipped
 * (the skip is noted for the end of the run). Under CI=true a missing tool throws, which fails the
 * suite with the reason. Call it at the top of the suite with `import.meta.url`.
 */
export function requireTool(
  name: ExternalToolName,
  suiteUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const found = findTool(name, env);
  if (found) return found;
  const suite = relative(process.cwd(), fileURLToPath(suiteUrl));
  if (env.CI === "true") {
    throw new Error(`CI=true, so ${suite} may not be skipped: ${missingToolMessage(name, env)}`);
  }
  const notes = env[SKIP_NOTES_VARIABLE];
  if (notes) {
    appendFileSync(
      notes,
      `skipped ${suite}: needs ${TOOLS[name].what}; to run it: ${TOOLS[name].install}\n`,
    );
  }
  return undefined;
}
