import { z } from "zod";

/** The `runbook:` section of firebreak.yaml: how the runbook commands in commandsDir are run. */
export const runbookSection = z
  .strictObject({
    /** Start even when some files in the commands folder are invalid (they are skipped). */
    skipInvalid: z.boolean().default(false),
    /** Runs at once across all incidents. */
    concurrency: z.number().int().min(1).max(32).default(4),
  })
  .prefault({});
