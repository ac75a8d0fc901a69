import { z } from "zod";

/** The `console:` section of firebreak.yaml: the terminal chat used when no Slack or Matrix is set. */
export const consoleSection = z
  .strictObject({
    room: z.string().min(1).default("general"),
    /** No static default: unset, the console speaks as the login user (see consoleSettings). */
    user: z.string().min(1).optional(),
  })
  .prefault({});

/** The console chat's room and the user it types as. */
export function consoleSettings(
  section: z.output<typeof consoleSection>,
  env: NodeJS.ProcessEnv,
): { readonly consoleRoom: string; readonly consoleUser: string } {
  return {
    consoleRoom: section.room,
    consoleUser: section.user ?? env.USER ?? "operator",
  };
}
