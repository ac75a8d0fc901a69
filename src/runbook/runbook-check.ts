import { loadRunbookCommands } from "./runbook-load.ts";

/** `firebreak commands check [DIR]`: one `file: key: problem` line per fault, or how many are fine. */
export function formatRunbookCheck(dir: string): { text: string; ok: boolean } {
  const { commands, problems } = loadRunbookCommands(dir);
  if (problems.length > 0) {
    return {
      text: problems.map((p) => `${p.file}: ${p.key}: ${p.problem}`).join("\n"),
      ok: false,
    };
  }
  const n = commands.length;
  return { text: `${n} ${n === 1 ? "command" : "commands"} OK`, ok: true };
}
