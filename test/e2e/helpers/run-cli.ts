import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "firebreak.js");
const run = promisify(execFile);

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `firebreak <args>` as a user would, with only the FIREBREAK_* variables given (never the
 * developer's). A command still running after `timeoutMs` is killed: its code is then null.
 */
export async function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const inherited: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("FIREBREAK_")) inherited[key] = value;
  }
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...inherited, FIREBREAK_LOG_LEVEL: "warn", ...env },
      cwd: options.cwd,
      timeout: options.timeoutMs ?? 20_000,
      killSignal: "SIGKILL",
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as {
      code?: number | string;
      killed?: boolean;
      stdout: string;
      stderr: string;
    };
    const code = failed.killed || typeof failed.code !== "number" ? null : failed.code;
    return { code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Asserts the shape of a refusal: one `firebreak:` line, no stack trace; returns that line. */
export function oneErrorLine(result: CliResult): string {
  const lines = result.stderr.trimEnd().split("\n");
  if (
    result.code === 0 ||
    result.code === null ||
    lines.length !== 1 ||
    !lines[0]?.startsWith("firebreak: ")
  ) {
    throw new Error(
      `expected one "firebreak:" line and a non-zero exit, got exit ${result.code} and stderr:\n${result.stderr}`,
    );
  }
  return lines[0];
}
