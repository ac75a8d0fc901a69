import { afterEach, describe, expect, it } from "vitest";
import { subCommandsOfStatusChange } from "../../src/flows/incident-change-commands.ts";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";

let t: ConsoleApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function say(text: string, user: string, room = "inc-1") {
  if (!t) throw new Error("no app");
  await t.chat.type(room, user, text);
  await t.app.drain();
  return t.take().slice(1).join("\n");
}

describe("permissions from config", () => {
  it("limit a sub-command to its roles once someone holds them", async () => {
    t = await startConsoleApp({
      yaml: "permissions:\n  resolve: [commander]\n  sev: [commander, ops]\n",
    });
    await say("!inc declare Nova API slow", "alice", "general");
    // Nobody commands yet: anyone may act, so the incident is never stuck.
    expect(await say("!inc sev 2", "bob")).toContain("bob changed the severity from SEV3 to SEV2.");
    await say("!inc ack", "alice");
    expect(await say("!inc resolve", "bob")).toContain(
      "Only the commander (alice) may use !inc resolve in INC-1.",
    );
    expect(t.app.service.get(1).status).toBe("investigating");
    await say("!inc role ops @bob", "alice");
    expect(await say("!inc sev 1", "bob")).toContain("bob changed the severity from SEV2 to SEV1.");
    expect(await say("!inc sev 3", "mallory")).toContain("Only the commander or ops (alice, bob)");
    expect(await say("!inc note mallory can still take notes", "mallory")).toContain(
      "Noted on the timeline",
    );
    expect(await say("!inc resolve", "alice")).toContain("alice resolved INC-1");
  });

  it("a bad permissions entry fails at start-up naming the key", async () => {
    await expect(startConsoleApp({ yaml: "permissions:\n  resolve: [boss]\n" })).rejects.toThrow(
      /permissions\.resolve\[0\]: expected a role/,
    );
  });

  it("refuses permissions.declare at start-up, saying why", async () => {
    await expect(
      startConsoleApp({ yaml: "permissions:\n  declare: [commander]\n" }),
    ).rejects.toThrow(
      /permissions: "declare" cannot be limited to roles: it opens a new incident, where nobody holds a role yet, so the limit would never apply; remove permissions\.declare/,
    );
  });

  it("refuses an unknown sub-command, listing those that can be limited", async () => {
    await expect(
      startConsoleApp({ yaml: "permissions:\n  resolv: [commander]\n" }),
    ).rejects.toThrow(
      /permissions: "resolv" is not a sub-command that can be limited; expected one of ack, status, .*resolve/,
    );
  });
});

describe("status changes that amount to another sub-command", () => {
  it.each([
    ["investigating", "resolved", ["resolve"]],
    ["monitoring", "resolved", ["resolve"]],
    ["triage", "investigating", ["accept"]],
    ["triage", "declined", ["decline"]],
    ["investigating", "monitoring", []],
    ["resolved", "investigating", []],
  ] as const)("%s -> %s needs %j as well", (from, to, ids) => {
    expect(subCommandsOfStatusChange(from, to)).toEqual(ids);
  });
});
