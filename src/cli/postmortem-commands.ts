import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Command, Option } from "commander";
import { FirebreakError } from "../core/firebreak-error.ts";
import { type Cli, withStore } from "./cli-context.ts";
import type { LintedFile } from "./lint-findings.ts";

const LINT_FORMATS = ["text", "json", "sarif"] as const;
type LintFormat = (typeof LINT_FORMATS)[number];

/**
 * `firebreak postmortem`, `lint` and `site build`: a draft as Markdown, the blameless-language
 * check, and the static site of the published postmortems.
 */
export function addPostmortemCommands(program: Command, cli: Cli): void {
  const { config, print } = cli;
  program
    .command("postmortem")
    .description("render an incident's postmortem draft as Markdown (to stdout, or --out FILE)")
    .argument("<incident>", "incident number, like 42 or INC-42")
    .option("--out <file>", "write the draft to this file")
    .action(async (ref: string, options: { out?: string }) => {
      const cfg = await config();
      const [{ parseIncidentRef }, { generatePostmortem, writeTextFile }, { systemClock }] =
        await Promise.all([
          import("../core/incident-ref.ts"),
          import("../publish/generate-postmortem.ts"),
          import("../core/clock.ts"),
        ]);
      const number = parseIncidentRef(ref);
      await withStore(cfg.dataDir, async (store) => {
        const markdown = await generatePostmortem(store, number, {
          templatesDir: cfg.templatesDir,
          timeZone: cfg.timeZone,
          clock: systemClock,
        });
        if (options.out) {
          writeTextFile(options.out, markdown);
          print(`Wrote the postmortem draft of INC-${number} to ${options.out}`);
        } else {
          process.stdout.write(markdown);
        }
      });
    });

  program
    .command("lint")
    .description("the blameless-language check on Markdown files; exits 1 when it finds something")
    .argument("<files...>", "Markdown files, e.g. postmortems/*.md")
    .addOption(
      new Option(
        "--format <format>",
        "output: text for people, json, or sarif (SARIF 2.1.0) for CI",
      )
        .choices(LINT_FORMATS)
        .default("text"),
    )
    .action(async (files: string[], options: { format: LintFormat }) => {
      const cfg = await config();
      const { checkBlameless } = await import("../core/blameless-check.ts");
      const check = (file: string): LintedFile => ({
        file,
        findings: checkBlameless(readLintedFile(file), {
          extraPhrases: cfg.blamelessExtra,
          allow: cfg.blamelessAllow,
        }),
      });
      if (options.format === "text") {
        // As it goes: the findings of the files before an unreadable one are printed first.
        let found = 0;
        for (const file of files) {
          const { findings } = check(file);
          found += findings.length;
          for (const f of findings) {
            print(
              `${file}:${f.line}: “${f.phrase}” — ${f.why}\n  in: ${f.sentence}\n  try: ${f.suggestion}`,
            );
          }
        }
        print(
          found === 0 ? `${files.length} file(s) checked: nothing found.` : `${found} finding(s).`,
        );
        if (found > 0) process.exitCode = 1;
        return;
      }
      // Every file first: an unreadable one fails the command before any (partial) document.
      const linted = files.map(check);
      if (options.format === "json") {
        const { lintReportJson } = await import("./lint-report-json.ts");
        print(JSON.stringify(lintReportJson(linted), null, 2));
      } else {
        const { lintReportSarif } = await import("./lint-report-sarif.ts");
        const report = lintReportSarif(linted, { version: firebreakVersion(), cwd: process.cwd() });
        print(JSON.stringify(report, null, 2));
      }
      if (linted.some((file) => file.findings.length > 0)) process.exitCode = 1;
    });

  const site = program
    .command("site")
    .description("site build [--out DIR]: rebuild the static incident site");
  site
    .command("build")
    .description("rebuild the static incident site from the published postmortems")
    .option("--out <dir>", "where to write it (default: the publish folder, FIREBREAK_PUBLISH_DIR)")
    .action(async (options: { out?: string }) => {
      const cfg = await config();
      const [{ createPostmortemWorkflow }, { systemClock }, { createPostmortemFiles }] =
        await Promise.all([
          import("../flows/postmortem-workflow.ts"),
          import("../core/clock.ts"),
          import("../publish/postmortem-files.ts"),
        ]);
      await withStore(cfg.dataDir, (store) => {
        const workflow = createPostmortemWorkflow(
          store,
          systemClock,
          cfg,
          createPostmortemFiles(cfg),
        );
        const out = resolve(options.out ?? cfg.publishDir);
        const built = workflow.buildPublicSite(out);
        print(
          `Built the incident site in ${out} (${built.files.length} files): ${join(out, "index.html")}`,
        );
      });
    });
}

function readLintedFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new FirebreakError(
      "unreadable",
      `${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
}

/** Firebreak's version, from its package.json. */
function firebreakVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return String(manifest.version);
}
