import { z } from "zod";
import { RESTRICTABLE_SUB_COMMANDS } from "../core/chat-command-specs.ts";
import { ROLES } from "../core/incident.ts";

// The sub-commands `permissions:` may limit to roles are the command table's `changes-incident` ones.

/** Why `permissions:` refuses these keys; `declare` gets its own reason, since it looks sensible. */
function unrestrictableKeys(keys: readonly string[]): string {
  const problems = keys.map((key) =>
    key === "declare"
      ? `"declare" cannot be limited to roles: it opens a new incident, where nobody holds a role yet, so the limit would never apply; remove permissions.declare`
      : `"${key}" is not a sub-command that can be limited; expected one of ${RESTRICTABLE_SUB_COMMANDS.join(", ")}`,
  );
  return problems.join("; ");
}

/**
 * The `permissions:` section of firebreak.yaml: sub-commands only some roles may use once someone
 * holds them, e.g. `resolve: [commander]`. None by default: anyone in the room may use everything.
 * `declare` is not among them: it opens a new incident, where nobody holds a role yet.
 */
export const permissionsSection = z
  .partialRecord(
    z.enum(RESTRICTABLE_SUB_COMMANDS, {
      message: `expected a state-changing sub-command (${RESTRICTABLE_SUB_COMMANDS.join(", ")})`,
    }),
    z.array(
      z.enum(ROLES, {
        message: "expected a role: commander, comms, scribe or ops",
      }),
    ),
    {
      // Keys outside the enum come as `unrecognized_keys`, which zod's types leave out here.
      error: (issue) => {
        const { code, keys } = issue as { code: string; keys?: readonly string[] };
        return code === "unrecognized_keys" && keys ? unrestrictableKeys(keys) : undefined;
      },
    },
  )
  .default({});
