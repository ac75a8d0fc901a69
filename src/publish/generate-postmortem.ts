import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Clock } from "../core/clock.ts";
import { atPath } from "../core/filesystem-fault.ts";
import type { Store } from "../core/store-ports.ts";
import { postmortemModelOf } from "../flows/postmortem-model-of.ts";
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
  const model = postmortemModelOf(store, number, options.clock.now(), options.timeZone);
  return renderPostmortem(model, options.templatesDir);
}

export function writeTextFile(file: string, text: string): void {
  atPath(file, () => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  });
}
