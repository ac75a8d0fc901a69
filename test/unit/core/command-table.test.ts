import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/config.ts";
import { COMMAND_SPECS, RESTRICTABLE_SUB_COMMANDS } from "../../../src/core/chat-command-specs.ts";
import { commandHelp, generalHelp } from "../../../src/core/command-help.ts";
import { CHAT_COMMAND_HANDLERS } from "../../../src/flows/chat-command-handlers.ts";

/**
 * A sub-command is declared once, in the command table; what people see follows from it: help
 * lists it, it has a handler, and `permissions:` accepts it exactly when it changes an existing
 * incident, refusing the rest with the messages people already know.
 */

const ids = COMMAND_SPECS.map((spec) => spec.id);

describe("a sub-command declared in the command table", () => {
  it("is listed in help, and has help of its own", () => {
    const lines = generalHelp("!inc").split("\n");
    for (const spec of COMMAND_SPECS) {
      expect(lines, spec.id).toContainEqual(expect.stringMatching(`^• !inc ${spec.id}( |$)`));
      const usage = commandHelp(spec.id, "!inc")?.split("\n")[0];
      expect(usage, spec.id).toMatch(new RegExp(`^Usage: !inc ${spec.id}( |$)`));
    }
    expect(lines).toHaveLength(ids.length + 1);
  });

  it("has exactly one handler", () => {
    expect(Object.keys(CHAT_COMMAND_HANDLERS).sort()).toEqual([...ids].sort());
  });

  it("is restrictable exactly when it changes an existing incident, in the table's order", () => {
    expect(RESTRICTABLE_SUB_COMMANDS).toEqual(
      COMMAND_SPECS.filter((spec) => spec.effect === "changes-incident").map((spec) => spec.id),
    );
    // What the config's refusal names, which people read: the same list as before it was derived.
    expect(RESTRICTABLE_SUB_COMMANDS.join(", ")).toBe(
      "ack, status, sev, role, update, note, resolve, action, accept, decline, merge",
    );
  });
});

describe("permissions: in firebreak.yaml", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-command-table-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const loadWithLimit = (id: string) => {
    writeFileSync(join(dir, "firebreak.yaml"), `permissions:\n  ${id}: [commander]\n`);
    return loadConfig({ cwd: dir }, {});
  };

  for (const spec of COMMAND_SPECS) {
    if (spec.effect === "changes-incident") {
      it(`accepts a limit on ${spec.id}, which changes an existing incident`, () => {
        expect(loadWithLimit(spec.id).permissions?.[spec.id]).toEqual(["commander"]);
      });
    } else if (spec.id === "declare") {
      it("refuses a limit on declare, saying why", () => {
        expect(() => loadWithLimit("declare")).toThrow(ConfigError);
        expect(() => loadWithLimit("declare")).toThrow(
          'permissions: "declare" cannot be limited to roles: it opens a new incident, where nobody holds a role yet, so the limit would never apply; remove permissions.declare',
        );
      });
    } else {
      it(`refuses a limit on ${spec.id} (${spec.effect}), naming those that can be limited`, () => {
        expect(() => loadWithLimit(spec.id)).toThrow(ConfigError);
        expect(() => loadWithLimit(spec.id)).toThrow(
          `permissions: "${spec.id}" is not a sub-command that can be limited; expected one of ack, status, sev, role, update, note, resolve, action, accept, decline, merge`,
        );
      });
    }
  }
});
