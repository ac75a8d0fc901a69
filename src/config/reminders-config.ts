import { z } from "zod";
import type { ReminderSettings } from "../core/due-reminders.ts";

/** Whole minutes, days or seconds: zero would remind at once, all the time. */
const atLeastOne = z.number().int().min(1);

/** The `reminders:` section of firebreak.yaml: when the bot nudges an incident's people. */
export const remindersSection = z
  .strictObject({
    acknowledgeMinutes: atLeastOne.default(5),
    /** Invited into the room when nobody acknowledges. */
    escalateTo: z.array(z.string().min(1)).default([]),
    /** A status update is due this often, by severity: the worse, the more often. */
    updateMinutes: z
      .strictObject({
        1: atLeastOne.default(15),
        2: atLeastOne.default(30),
        3: atLeastOne.default(60),
        4: atLeastOne.default(120),
      })
      .prefault({}),
    triageMinutes: atLeastOne.default(15),
    postmortemDays: atLeastOne.default(3),
    publishDays: atLeastOne.default(14),
    /** How often the sweeper looks for due reminders. */
    checkSeconds: atLeastOne.default(30),
  })
  .prefault({});

/** The reminder cadences, apart from how often to check them, which only the sweeper's timer needs. */
export function reminderSettings(section: z.output<typeof remindersSection>): {
  readonly reminders: ReminderSettings;
  readonly reminderCheckMs: number;
} {
  const { checkSeconds, ...reminders } = section;
  return { reminders, reminderCheckMs: checkSeconds * 1000 };
}
