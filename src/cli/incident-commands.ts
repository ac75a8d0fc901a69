import type { Command } from "commander";
import { FirebreakError } from "../core/firebreak-error.ts";
import { type Cli, withStore } from "./cli-context.ts";

/** `firebreak incidents` and `firebreak timeline`: what the database holds, as text or JSON. */
export function addIncidentCommands(program: Command, cli: Cli): void {
  const { config, print } = cli;
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
}
