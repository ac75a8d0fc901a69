import { relative, resolve } from "node:path";
import type { Command } from "commander";
import type { Cli } from "./cli-context.ts";

/** `firebreak demo`: a realistic incident replayed through the whole product. */
export function addDemoCommand(program: Command, cli: Cli): void {
  const { config, print } = cli;
  program
    .command("demo")
    .description("replay a realistic incident through the whole product, then write its postmortem")
    .option("--out <dir>", "where the demo writes its database and postmortem", "demo-output")
    .action(async (options: { out: string }) => {
      const { runDemo } = await import("./demo.ts");
      const result = await runDemo(await config(), options.out, print);
      const show = (path: string) => relative(process.cwd(), path) || path;
      print("");
      print(
        `Postmortem:       ${show(result.postmortemFile)} (reviewed draft: ${show(result.draftFile)})`,
      );
      print(`Incident site:    ${show(result.siteIndex)}`);
      print(`Database:         ${show(result.databaseFile)}`);
      print(
        `Explore it:       FIREBREAK_DATA_DIR=${show(resolve(options.out))} npx firebreak timeline 1`,
      );
    });
}
