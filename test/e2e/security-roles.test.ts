import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configFileSchema } from "../../src/config/config.ts";
import { COMMAND_SPECS } from "../../src/core/chat-command-specs.ts";
import { restartThingFolder } from "../helpers/runbook-folder.ts";
import { makeTempDir, removeTempDir } from "../helpers/temp-store.ts";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";
import { buttonPayload, type SlackApp, startSlackApp } from "./helpers/fake-slack.ts";

/**
 * Security review, roles: every state-changing sub-command that `permissions:` can restrict is
 * refused to someone without the role, leaving the incident exactly as it was, once someone holds
 * the role; runbook commands with `roles` and `postmortem publish` carry their own checks. The
 * list is driven by the command table and the config schema, so a new sub-command must be put in
 * one of the groups below (or this file fails) and a new restrictable one gets a case.
 *
 * Already covered elsewhere: permissions apply only once someone holds the role, and a bad entry
 * fails at start-up (permissions.test.ts); runbook `roles` and `confirm` by someone else
 * (runbook-chat.test.ts); `postmortem publish` by a non-commander (postmortem-command.test.ts).
 */

/** The sub-commands `permissions:` accepts, read from the schema itself. */
const RESTRICTABLE: readonly string[] = configFileSchema.shape.permissions.unwrap().keyType.options;

/** Read nothing but state: anyone in the room may use them. */
const READ_ONLY = ["timeline", "commands", "list", "help"] as const;
/** Guarded by their own rules rather than `permissions:`. */
const OWN_GUARD = ["run", "confirm", "postmortem"] as const;
/** Opens a new incident, where nobody holds a role yet, so `permissions:` cannot restrict it. */
const OUTSIDE_AN_INCIDENT = ["declare"] as const;

type Setup = "investigating" | "triage";

/** For each restrictable sub-command: what it needs, and a line that changes the incident. */
const CASES: Record<string, { readonly setup: Setup; readonly line: string }> = {
  ack: { setup: "investigating", line: "!inc ack" },
  status: { setup: "investigating", line: "!inc status identified stuck consumer" },
  sev: { setup: "investigating", line: "!inc sev 1" },
  role: { setup: "investigating", line: "!inc role ops @mallory" },
  update: { setup: "investigating", line: "!inc update We are restarting the consumers." },
  note: { setup: "investigating", line: "!inc note consumer lag back to zero" },
  resolve: { setup: "investigating", line: "!inc resolve consumers restarted" },
  action: { setup: "investigating", line: "!inc action Alert on consumer lag --owner @bob" },
  accept: { setup: "triage", line: "!inc accept" },
  decline: { setup: "triage", line: "!inc decline known flapping check" },
  merge: { setup: "triage", line: "!inc merge INC-2" },
};

const everyoneRestricted = (ids: readonly string[]) =>
  `permissions:\n${ids.map((id) => `  ${id}: [commander]`).join("\n")}\ndefaultRoute:\n  mode: triage\n`;

let t: ConsoleApp | undefined;
let s: SlackApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await t?.close();
  await s?.close();
  if (dir) removeTempDir(dir);
  t = undefined;
  s = undefined;
  dir = undefined;
});

async function say(app: ConsoleApp, room: string, user: string, text: string): Promise<string> {
  app.take();
  await app.chat.type(room, user, text);
  await app.app.drain();
  return app.take().join("\n");
}

/** Everything a command could change, as one comparable string. */
function state(app: ConsoleApp): string {
  const incidents = app.app.service.list();
  return JSON.stringify({
    incidents,
    timelines: incidents.map((incident) => app.app.service.timeline(incident.number)),
    alerts: incidents.map((incident) => app.app.store.alerts.listForIncident(incident.number)),
    postmortems: incidents.map((incident) => app.app.store.postmortems.get(incident.number)),
  });
}

/** INC-1, commanded by alice: investigating (declared in chat) or in triage (from an alert). */
async function incidentCommandedByAlice(setup: Setup, yaml: string): Promise<ConsoleApp> {
  const app = await startConsoleApp({ yaml });
  if (setup === "investigating") {
    await say(app, "general", "alice", "!inc declare Nova API slow");
    await say(app, "inc-1", "alice", "!inc ack");
  } else {
    const response = await fetch(`${app.address}/webhooks/generic`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "disk-db1", title: "Disk 95% full on db1" }),
    });
    expect(response.status).toBe(200);
    await app.app.drain();
    expect(app.app.service.get(1).status).toBe("triage");
    await say(app, "inc-1", "alice", "!inc role commander @alice");
    // Somewhere to merge into.
    await say(app, "general", "alice", "!inc declare Disk trouble everywhere");
  }
  expect(app.app.service.get(1).roles.commander?.id).toBe("alice");
  return app;
}

describe("the command table", () => {
  it("puts every sub-command in exactly one group, and every restrictable one has a case", () => {
    const groups = [
      ...READ_ONLY,
      ...OWN_GUARD,
      ...OUTSIDE_AN_INCIDENT,
      ...RESTRICTABLE.filter((id) => !(OUTSIDE_AN_INCIDENT as readonly string[]).includes(id)),
    ];
    expect([...groups].sort()).toEqual(COMMAND_SPECS.map((spec) => spec.id).sort());
    expect(new Set(groups).size).toBe(groups.length);
    for (const id of RESTRICTABLE) {
      if ((OUTSIDE_AN_INCIDENT as readonly string[]).includes(id)) continue;
      expect(CASES[id], `a case for ${id}`).toBeDefined();
    }
    for (const id of OUTSIDE_AN_INCIDENT) {
      expect(COMMAND_SPECS.find((spec) => spec.id === id)?.inIncident).toBe(false);
      // A limit there could never apply, so the config refuses it rather than ignore it.
      expect(RESTRICTABLE).not.toContain(id);
    }
  });
});

describe("permissions: every restricted sub-command", () => {
  const restricted = RESTRICTABLE.filter(
    (id) => !(OUTSIDE_AN_INCIDENT as readonly string[]).includes(id),
  );
  for (const id of restricted) {
    it(`${id}: refused to someone without the role, state unchanged; the commander may`, async () => {
      const entry = CASES[id];
      if (!entry) throw new Error(`no case for ${id}`);
      t = await incidentCommandedByAlice(entry.setup, everyoneRestricted(restricted));
      const before = state(t);
      const refused = await say(t, "inc-1", "mallory", entry.line);
      expect(refused).toContain(`Only the commander (alice) may use !inc ${id} in INC-1.`);
      expect(state(t)).toBe(before);

      const allowed = await say(t, "inc-1", "alice", entry.line);
      expect(allowed).not.toContain("Only the commander");
      expect(state(t)).not.toBe(before);
    });
  }
});

describe("read-only sub-commands", () => {
  it("change nothing, whoever uses them", async () => {
    dir = makeTempDir();
    t = await startConsoleApp({ config: { commandsDir: restartThingFolder(dir) } });
    await say(t, "general", "alice", "!inc declare Nova API slow");
    await say(t, "inc-1", "alice", "!inc ack");
    const before = state(t);
    for (const id of READ_ONLY) {
      const answer = await say(t, "inc-1", "mallory", `!inc ${id}`);
      expect(answer, id).not.toBe("");
    }
    expect(state(t)).toBe(before);
  });
});

describe("runbook roles and postmortem publishing", () => {
  it("with `role` restricted, nobody can grant themselves a runbook command's role", async () => {
    dir = makeTempDir();
    t = await startConsoleApp({
      yaml: "permissions:\n  role: [commander]\n",
      config: { commandsDir: restartThingFolder(dir, ["ops"]) },
    });
    await say(t, "general", "alice", "!inc declare Nova API slow");
    await say(t, "inc-1", "alice", "!inc ack");
    expect(await say(t, "inc-1", "mallory", "!inc role ops @mallory")).toContain(
      "Only the commander (alice) may use !inc role in INC-1.",
    );
    expect(await say(t, "inc-1", "mallory", "!inc run restart-thing")).toContain(
      "Only the ops of INC-1 may run restart-thing",
    );
    const runs = () =>
      (t?.app.service.timeline(1) ?? []).filter((entry) => entry.event.kind === "command_run");
    expect(runs()).toEqual([]);
    // Granted by the commander, the same person may.
    await say(t, "inc-1", "alice", "!inc role ops @mallory");
    const asked = await say(t, "inc-1", "mallory", "!inc run restart-thing");
    const id = /confirm ([0-9a-f]{6})/.exec(asked)?.[1];
    expect(id).toBeDefined();
    await say(t, "inc-1", "mallory", `!inc confirm ${id}`);
    expect(runs()).toHaveLength(1);
  });

  it("only the commander publishes: someone else leaves the draft, the files and the site alone", async () => {
    t = await startConsoleApp();
    await say(t, "general", "alice", "!inc declare Keystone tokens failing");
    await say(t, "inc-1", "alice", "!inc ack");
    await say(t, "inc-1", "alice", "!inc resolve tokens valid again");
    await say(t, "inc-1", "alice", "!inc postmortem");
    const before = state(t);
    const refused = await say(
      t,
      "inc-1",
      "mallory",
      '!inc postmortem publish --waive "looks fine"',
    );
    expect(refused).toContain("Only the commander (alice) publishes the postmortem.");
    expect(state(t)).toBe(before);
    expect(existsSync(join(t.config.postmortemsDir, "INC-1.md"))).toBe(false);
    expect(existsSync(join(t.config.publishDir, "incidents", "INC-1.html"))).toBe(false);

    await say(t, "inc-1", "alice", '!inc postmortem publish --waive "reviewed"');
    expect(t.app.service.get(1).status).toBe("closed");
    expect(existsSync(join(t.config.publishDir, "incidents", "INC-1.html"))).toBe(true);
  });

  // A status change that does what another sub-command does needs that sub-command's permission.
  it("restricting resolve also restricts `status resolved`", async () => {
    t = await startConsoleApp({ yaml: "permissions:\n  resolve: [commander]\n" });
    await say(t, "general", "alice", "!inc declare Nova API slow");
    await say(t, "inc-1", "alice", "!inc ack");
    const before = state(t);
    expect(await say(t, "inc-1", "mallory", "!inc status resolved")).toContain(
      "Only the commander (alice) may use !inc resolve in INC-1. `!inc status resolved` does the same, so it is limited too.",
    );
    expect(t.app.service.get(1).status).toBe("investigating");
    expect(state(t)).toBe(before);
    // Other status changes stay open to everyone; the commander may resolve through `status`.
    await say(t, "inc-1", "mallory", "!inc status monitoring");
    expect(t.app.service.get(1).status).toBe("monitoring");
    await say(t, "inc-1", "alice", "!inc status resolved");
    expect(t.app.service.get(1).status).toBe("resolved");
  });

  it("restricting accept also restricts `status investigating` in triage", async () => {
    t = await incidentCommandedByAlice(
      "triage",
      "permissions:\n  accept: [commander]\ndefaultRoute:\n  mode: triage\n",
    );
    const before = state(t);
    expect(await say(t, "inc-1", "mallory", "!inc status investigating")).toContain(
      "Only the commander (alice) may use !inc accept in INC-1.",
    );
    expect(t.app.service.get(1).status).toBe("triage");
    expect(state(t)).toBe(before);
    await say(t, "inc-1", "alice", "!inc status investigating");
    expect(t.app.service.get(1).status).toBe("investigating");
  });

  it("a status change needs both permissions when both apply, and nobody holding a role blocks nothing", async () => {
    t = await startConsoleApp({
      yaml: "permissions:\n  status: [ops]\n  resolve: [commander]\n",
    });
    await say(t, "general", "alice", "!inc declare Nova API slow");
    // Nobody holds a role yet: anyone may act, so the incident is never stuck.
    await say(t, "inc-1", "mallory", "!inc status identified");
    expect(t.app.service.get(1).status).toBe("identified");
    await say(t, "inc-1", "alice", "!inc ack");
    await say(t, "inc-1", "alice", "!inc role ops @bob");
    // bob may change status but not resolve; alice may resolve but not change status.
    expect(await say(t, "inc-1", "bob", "!inc status resolved")).toContain(
      "Only the commander (alice) may use !inc resolve in INC-1.",
    );
    expect(await say(t, "inc-1", "alice", "!inc status resolved")).toContain(
      "Only the ops (bob) may use !inc status in INC-1.",
    );
    expect(t.app.service.get(1).status).toBe("identified");
    await say(t, "inc-1", "alice", "!inc resolve");
    expect(t.app.service.get(1).status).toBe("resolved");
  });
});

describe("Slack buttons are commands too", () => {
  it("a restricted button press by someone without the role is refused and changes nothing", async () => {
    s = await startSlackApp({ yaml: "permissions:\n  status: [commander]\n" });
    await s.command("declare Nova API slow");
    await s.settle();
    await s.command("ack", { channelId: s.fake.channel("inc-1-nova-api-slow")?.id ?? "" });
    await s.settle();
    const channel = s.fake.channel("inc-1-nova-api-slow")?.id ?? "";
    expect(s.app.service.get(1).roles.commander?.id).toBe("U0ALICE");
    const press = (userId: string) =>
      s?.interact(
        buttonPayload({
          actionId: "firebreak_status_resolved",
          value: "status resolved",
          channelId: channel,
          userId,
        }),
      );
    expect((await press("U0BOB"))?.status).toBe(200);
    await s.settle();
    expect(s.app.service.get(1).status).toBe("investigating");
    const told = s.fake
      .callsTo("chat.postEphemeral")
      .map((call) => [call.args.user, call.args.text]);
    expect(told).toContainEqual(["U0BOB", expect.stringContaining("Only the commander (Alice)")]);

    await press("U0ALICE");
    await s.settle();
    expect(s.app.service.get(1).status).toBe("resolved");
  });
});
