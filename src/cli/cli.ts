import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { Command, Option } from "commander";
import type { Config } from "../config/config.ts";
import { FirebreakError, isFirebreakError } from "../core/firebreak-error.ts";
import type { Store } from "../core/store-ports.ts";
import { enableLinearRegExpFallback } from "../process-settings.ts";
import { loadLikeTheCli } from "./load-like-cli.ts";

loadLikeTheCli();
// Before any config or runbook is loaded: their patterns run against text from outside.
enableLinearRegExpFallback();

const program = new Command()
  .name("firebreak")
  .description(
    "Self-hosted ChatOps incident response: alerts in, incident rooms, timeline, postmortems.",
  )
  .option(
    "-c, --config <file>",
    "configuration file (default ./firebreak.yaml, or FIREBREAK_CONFIG)",
  )
  .showHelpAfterError();

async function config(): Promise<Config> {
  const { loadConfig } = await import("../config/config.ts");
  return loadConfig({ configFile: program.opts<{ config?: string }>().config });
}

/** The database, opened for one command and closed after it, whatever happens. */
async function withStore<T>(dataDir: string, use: (store: Store) => T | Promise<T>): Promise<T> {
  const { openSqliteStore } = await import("../store/sqlite/sqlite-store.ts");
  const store = openSqliteStore(dataDir);
  try {
    return await use(store);
  } finally {
    store.close();
  }
}

function print(text: string): void {
  console.log(text);
}

program
  .command("serve")
  .description("run the bot: HTTP intake plus the configured chat (the console chat when none is)")
  .action(async () => {
    const cfg = await config();
    const [
      { createApp },
      { systemClock },
      { createConsoleChat },
      { createLogger },
      { databasePath },
    ] = await Promise.all([
      import("../app.ts"),
      import("../core/clock.ts"),
      import("../chat/console-chat.ts"),
      import("./logger.ts"),
      import("../store/sqlite/open-database.ts"),
    ]);
    // Slack's and Matrix's SDKs are big: loaded only when one of them is configured.
    const platforms =
      cfg.slack || cfg.matrix
        ? (await import("../chat/chat-platforms.ts")).createChatPlatforms
        : undefined;
    const log = createLogger(cfg.logLevel);
    // createApp refuses what must not start (src/start-up-policy.ts) before it opens anything.
    const app = createApp({
      config: cfg,
      clock: systemClock,
      log,
      chats: (store) => {
        const configured = platforms?.(cfg, { store, clock: systemClock, log }) ?? [];
        if (configured.length > 0) return configured;
        // No platform configured: the console chat, interactive when stdin is a terminal.
        return [
          createConsoleChat({
            write: print,
            clock: systemClock,
            room: cfg.consoleRoom,
            user: cfg.consoleUser,
            timeZone: cfg.timeZone,
            ...(process.stdin.isTTY === true ? { input: process.stdin } : {}),
          }),
        ];
      },
    });
    const address = await app.start();
    log.info({ address, database: databasePath(cfg.dataDir) }, "firebreak is running");
    print(
      `Firebreak listens on ${address} (webhooks: ${address}/webhooks/alertmanager). Ctrl-C stops it.`,
    );
    const shutdown = async () => {
      await app.stop();
      process.exit(0);
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });

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

program
  .command("incidents")
  .description("list incidents, newest first")
  .option("--json", "print a JSON array")
  .action(async (options: { json?: boolean }) => {
    const cfg = await config();
    const [{ incidentJson }, { formatIncidentTable }] = await Promise.all([
      import("./json-output.ts"),
      import("./format-incident-table.ts"),
    ]);
    await withStore(cfg.dataDir, (store) => {
      const incidents = store.incidents.list();
      if (options.json) {
        const counts = incidents.map((incident) => {
          const { firing, resolved } = store.alerts.countsForIncident(incident.number);
          return firing + resolved;
        });
        print(
          JSON.stringify(
            incidents.map((incident, i) => incidentJson(incident, counts[i] ?? 0)),
            null,
            2,
          ),
        );
      } else {
        print(formatIncidentTable(incidents, cfg.timeZone));
      }
    });
  });

program
  .command("timeline")
  .description("show an incident's timeline")
  .argument("<incident>", "incident number, like 42 or INC-42")
  .option("--json", "print a JSON array")
  .action(async (ref: string, options: { json?: boolean }) => {
    const cfg = await config();
    const [{ parseIncidentRef }, { databasePath }, { timelineJson }, { formatTimeline }] =
      await Promise.all([
        import("../core/incident-ref.ts"),
        import("../store/sqlite/open-database.ts"),
        import("./json-output.ts"),
        import("../flows/format-timeline.ts"),
      ]);
    const number = parseIncidentRef(ref);
    await withStore(cfg.dataDir, (store) => {
      if (!store.incidents.get(number)) {
        throw new FirebreakError(
          "unknown_incident",
          `There is no INC-${number} in ${databasePath(cfg.dataDir)}.`,
        );
      }
      const entries = store.timeline.list(number);
      print(
        options.json
          ? JSON.stringify(entries.map(timelineJson), null, 2)
          : formatTimeline(number, entries, cfg.timeZone),
      );
    });
  });

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
  .action(async (files: string[]) => {
    const cfg = await config();
    const { checkBlameless } = await import("../core/blameless-check.ts");
    let found = 0;
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (error) {
        throw new FirebreakError(
          "unreadable",
          `${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
        );
      }
      const findings = checkBlameless(text, {
        extraPhrases: cfg.blamelessExtra,
        allow: cfg.blamelessAllow,
      });
      found += findings.length;
      for (const f of findings) {
        print(
          `${file}:${f.line}: “${f.phrase}” — ${f.why}\n  in: ${f.sentence}\n  try: ${f.suggestion}`,
        );
      }
    }
    print(found === 0 ? `${files.length} file(s) checked: nothing found.` : `${found} finding(s).`);
    if (found > 0) process.exitCode = 1;
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
    const [{ createPostmortemWorkflow }, { systemClock }] = await Promise.all([
      import("../flows/postmortem-workflow.ts"),
      import("../core/clock.ts"),
    ]);
    await withStore(cfg.dataDir, (store) => {
      const workflow = createPostmortemWorkflow(store, systemClock, cfg);
      const out = resolve(options.out ?? cfg.publishDir);
      const built = workflow.buildPublicSite(out);
      print(
        `Built the incident site in ${out} (${built.files.length} files): ${join(out, "index.html")}`,
      );
    });
  });

const commands = program
  .command("commands")
  .description("commands check [DIR]: validate the runbook commands folder");
commands
  .command("check")
  .description("validate the runbook commands folder: file, key and problem for each fault")
  .argument("[dir]", "the folder (default: FIREBREAK_COMMANDS_DIR or ./commands)")
  .action(async (dir: string | undefined) => {
    const { formatRunbookCheck } = await import("../runbook/runbook-check.ts");
    const check = formatRunbookCheck(dir ?? (await config()).commandsDir);
    print(check.text);
    if (!check.ok) process.exitCode = 1;
  });

const routes = program
  .command("routes")
  .description("routes test <payload.json> [--json]: which route each alert takes, and why");
routes
  .command("test")
  .description("show which route each alert of a webhook payload takes, and why")
  .argument(
    "<payload.json>",
    "a payload as Alertmanager, Grafana, PagerDuty or the generic webhook sends it",
  )
  .option("--json", "print a JSON array")
  .action(async (file: string, options: { json?: boolean }) => {
    const cfg = await config();
    const { detectSource, explainRouting, formatRouting } = await import("./explain-routing.ts");
    let body: unknown;
    try {
      body = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new FirebreakError("invalid_payload", `${file}: ${(error as Error).message}`);
    }
    const { source, alerts } = detectSource(body, new Date().toISOString());
    const routed = explainRouting(alerts, cfg);
    print(options.json ? JSON.stringify(routed, null, 2) : formatRouting(source, routed));
  });

const outbox = program
  .command("outbox")
  .description("chat operations not delivered yet, and those the platform refused")
  .option("--json", "print a JSON array")
  .action(async (options: { json?: boolean }) => {
    const cfg = await config();
    const { formatOutbox } = await import("./format-outbox.ts");
    await withStore(cfg.dataDir, (store) => {
      const entries = store.outbox.list();
      print(options.json ? JSON.stringify(entries, null, 2) : formatOutbox(entries, Date.now()));
    });
  });

outbox
  .command("retry")
  .description("put the chat operations given up back in line (a running serve sends them)")
  .action(async () => {
    const cfg = await config();
    const count = await withStore(cfg.dataDir, (store) => store.outbox.retryFailed(Date.now()));
    print(
      count === 0
        ? "Nothing was given up; nothing to retry."
        : `${count} chat operation(s) put back in line; a running firebreak serve sends them within 30 seconds.`,
    );
  });

program
  .command("migrate")
  .description("create the database or bring it up to date")
  .action(async () => {
    const { databasePath, openDatabase } = await import("../store/sqlite/open-database.ts");
    const file = databasePath((await config()).dataDir);
    openDatabase(file).$client.close();
    print(`Database ${file} is up to date.`);
  });

program.addOption(new Option("--no-color").hideHelp());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!isFirebreakError(error)) throw error;
  console.error(`firebreak: ${error.message}`);
  process.exitCode = 1;
}
