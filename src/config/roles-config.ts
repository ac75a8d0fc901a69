import { z } from "zod";
import type { Role } from "../core/incident.ts";

/** What the bot tells whoever takes each role, unless `roles.<role>.checklist` says otherwise. */
const DEFAULT_CHECKLISTS: Readonly<Record<Role, readonly string[]>> = {
  commander: [
    "Confirm the severity (`sev 1-4`) and who does what (`role comms|scribe|ops @someone`).",
    "Keep status current (`status …`) and post updates on time (`update …`).",
    "Decide, delegate, and keep the room focused; hand over with `role commander @next` when you leave.",
  ],
  comms: [
    "Post a status update for affected users now, then on the reminder cadence.",
    "Say what is affected, what is not, and when the next update comes.",
  ],
  scribe: [
    "Record decisions and findings with `note …`; pin useful messages with 📌.",
    "Note when things were tried and what they showed, with times.",
  ],
  ops: [
    "Investigate and mitigate; say in the room before changing anything in production.",
    "Share what you see with `note …` so the timeline keeps it.",
  ],
};

/**
 * What `roles.<role>` may say: the checklist the bot gives whoever takes the role. A role left out
 * gets its default checklist; a role written without a checklist is a mistake, reported as such.
 */
const roleSettings = (role: Role) =>
  z.strictObject({ checklist: z.array(z.string().min(1)) }).default({
    checklist: [...DEFAULT_CHECKLISTS[role]],
  });

/** The `roles:` section of firebreak.yaml. */
export const rolesSection = z
  .strictObject({
    commander: roleSettings("commander"),
    comms: roleSettings("comms"),
    scribe: roleSettings("scribe"),
    ops: roleSettings("ops"),
  })
  .prefault({});

/** Each role's checklist. */
export function roleChecklists(
  section: z.output<typeof rolesSection>,
): Readonly<Record<Role, readonly string[]>> {
  return {
    commander: section.commander.checklist,
    comms: section.comms.checklist,
    scribe: section.scribe.checklist,
    ops: section.ops.checklist,
  };
}
