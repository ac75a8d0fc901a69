import { z } from "zod";
import { ConfigError } from "../../config/config-error.ts";

/**
 * The `matrix:` section of firebreak.yaml. It only shapes how Matrix is used; whether Matrix runs
 * at all is decided by MATRIX_HOMESERVER_URL, and the credentials come from the environment.
 */
export const matrixSection = z
  .strictObject({
    commandPrefix: z.string().min(1).default("!inc"),
    /** Matrix user IDs (@alice:example.org) or server names (example.org) whose invites the bot accepts. */
    allowInvitesFrom: z.array(z.string().min(1)).default([]),
    /** Give incident rooms an alias #<prefix><number>:<server>; none when unset. */
    roomAliasPrefix: z
      .string()
      .regex(/^[a-z0-9_.-]+$/, { message: "expected lowercase letters, digits, ., - or _" })
      .optional(),
    commanderPowerLevel: z.number().int().min(0).max(100).default(50),
  })
  .prefault({});

export interface MatrixConfig {
  readonly homeserverUrl: string;
  /** Secret. Either a token and user id, or a user and password to log in with. */
  readonly accessToken: string | undefined;
  readonly userId: string | undefined;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly commandPrefix: string;
  readonly allowInvitesFrom: readonly string[];
  readonly roomAliasPrefix: string | undefined;
  readonly commanderPowerLevel: number;
}

/** Matrix's settings, or undefined when MATRIX_HOMESERVER_URL is not set (Matrix stays off). */
export function matrixConfig(
  section: z.output<typeof matrixSection>,
  env: NodeJS.ProcessEnv,
): MatrixConfig | undefined {
  const homeserverUrl = env.MATRIX_HOMESERVER_URL;
  if (!homeserverUrl) return undefined;
  // Set but empty counts as unset, so a half-filled environment is caught here, not at login.
  const accessToken = env.MATRIX_ACCESS_TOKEN || undefined;
  const userId = env.MATRIX_USER_ID || undefined;
  const user = env.MATRIX_USER || undefined;
  const password = env.MATRIX_PASSWORD || undefined;
  if (!(accessToken && userId) && !(user && password)) {
    throw new ConfigError(
      "MATRIX_HOMESERVER_URL is set: also set MATRIX_ACCESS_TOKEN and MATRIX_USER_ID, or MATRIX_USER and MATRIX_PASSWORD to log in.",
    );
  }
  return {
    homeserverUrl,
    accessToken,
    userId,
    user,
    password,
    commandPrefix: section.commandPrefix,
    allowInvitesFrom: section.allowInvitesFrom,
    roomAliasPrefix: section.roomAliasPrefix,
    commanderPowerLevel: section.commanderPowerLevel,
  };
}
