import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Clock } from "../core/clock.ts";
import { atPath } from "../core/filesystem-fault.ts";
import { FirebreakError } from "../core/firebreak-error.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import { postmortemModel } from "../core/postmortem-model.ts";
import type { Store } from "../core/store-ports.ts";
import { renderPostmortem } from "./render-postmortem.ts";

export interface PostmortemOptions {
  readonly templatesDir: string;
  readonly timeZone: string;
  readonly clock: Clock;
}

/** The Markdown draft for one incident, from what the store knows. */
export async function generatePostmortem(
  store: Store,
  number: number,
  options: PostmortemOptions,
): Promise<string> {
  const incident = store.incidents.get(number);
  if (!incident) {
    throw new FirebreakError("unknown_incident", `There is no ${formatIncidentRef(number)}.`);
  }
  const model = postmortemModel(
    incident,
    store.timeline.list(number),
    store.alerts.listForIncident(number),
    options.clock.now(),
    options.timeZone,
  );
  return renderPostmortem(model, options.templatesDir);
}

export function writeTextFile(file: string, text: string): void {
  atPath(file, () => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  });
}
