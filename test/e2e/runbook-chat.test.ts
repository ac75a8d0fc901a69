import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { restartThingFolder } from "../helpers/runbook-folder.ts";
import { makeTempDir, removeTempDir } from "../helpers/temp-store.ts";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";

let t: ConsoleApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  if (dir) removeTempDir(dir);
  dir = undefined;
});

/** A commands folder with two real programs: node printing its argv, and a restart needing confirmation. */
function commandsFolder(extra: Readonly<Record<string, string>> = {}): string {
  dir = makeTempDir();
  const commands = restartThingFolder(dir, ["commander", "ops"]);
  writeFileSync(
    join(commands, "echo-args.yaml"),
    [
      "name: echo-args",
      "description: Prints its argument.",
      "args:",
      "  - name: word",
      "    type: string",
      '    pattern: "[a-z0-9 ;$()-]{1,40}"',
      "    description: what to print",
      "secretEnv: [FIREBREAK_TEST_SECRET]",
      `exec: [${JSON.stringify(process.execPath)}, -e, "console.log(JSON.stringify(process.argv.slice(1)), process.env.FIREBREAK_TEST_SECRET)", "{word}"]`,
      "suggest:",
      "  - 'alertname=\"NovaApiHighLatency\"'",
      "",
    ].join("\n"),
  );
  for (const [name, yaml] of Object.entries(extra)) writeFileSync(join(commands, name), yaml);
  return commands;
}

async function say(text: string, user = "alice") {
  if (!t) throw new Error("no app");
  await t.chat.type("inc-1", user, text);
  await t.app.drain();
  return t.take().slice(1).join("\n");
}

async function start(extra: Readonly<Record<string, string>> = {}) {
  process.env.FIREBREAK_TEST_SECRET = "hunter2-very-secret";
  t = await startConsoleApp({ config: { commandsDir: commandsFolder(extra) } });
  await t.chat.type("general", "alice", "!inc declare Nova API slow");
  await t.app.drain();
  t.take();
}

const runs = () =>
  (t?.app.service.timeline(1) ?? []).filter((entry) => entry.event.kind === "command_run");

describe("runbook commands in chat", () => {
  it("runs a command with its argument as one literal argv element, redacts secrets, records the run", async () => {
    await start();
    const said = await say('!inc run echo-args word="a; $(rm -rf x)"');
    expect(said).toContain("✅ ▶️ alice runs `echo-args word=a; $(rm -rf x)`: exit 0");
    expect(said).toContain('["a; $(rm -rf x)"] [redacted]');
    expect(said).not.toContain("hunter2");
    const [run] = runs();
    expect(run?.event).toMatchObject({
      kind: "command_run",
      command: "echo-args",
      dryRun: false,
      exitCode: 0,
    });
    expect(JSON.stringify(run)).not.toContain("hunter2");
    // The postmortem's response section lists it.
    expect(await say("!inc postmortem")).toContain("Blameless check");
    const draft = readFileSync(join(t?.config.postmortemsDir ?? "", "drafts", "INC-1.md"), "utf8");
    expect(draft).toMatch(
      /Runbook commands run:\n\n- \d\d:\d\d:\d\d \(a responder\): Ran echo-args word=a; \$\(rm -rf x\): exit 0/,
    );
  });

  it("keeps a secret printed across the output cap or across two writes out of chat, the timeline and the database", async () => {
    const secret = "hunter2-very-secret";
    /** A command that prints the secret the way `script` says (FIREBREAK_TEST_SECRET is `s`). */
    const printing = (name: string, script: string) =>
      [
        `name: ${name}`,
        "description: Prints a secret variable, as a careless script would.",
        "secretEnv: [FIREBREAK_TEST_SECRET]",
        `exec: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(`const s = process.env.FIREBREAK_TEST_SECRET; ${script}`)}]`,
        "",
      ].join("\n");
    await start({
      // 65,536 - 12 bytes of padding: the cap falls 12 characters into the 19 of the secret.
      "across-cap.yaml": printing(
        "across-cap",
        "process.stdout.write('.'.repeat(65524) + s + ' and the rest\\n')",
      ),
      "two-writes.yaml": printing(
        "two-writes",
        "process.stdout.write('key ' + s.slice(0, 9)); setTimeout(() => process.stdout.write(s.slice(9) + '\\n'), 200)",
      ),
    });
    const chat = [await say("!inc run across-cap"), await say("!inc run two-writes")].join("\n");
    expect(chat).toContain("[output truncated:");
    expect(chat).toContain("key [redacted]");
    const database = readdirSync(t?.config.dataDir ?? "")
      .map((name) => readFileSync(join(t?.config.dataDir ?? "", name)).toString("latin1"))
      .join("\n");
    expect(runs()).toHaveLength(2);
    const places = { chat, timeline: JSON.stringify(runs()), database };
    for (const [place, text] of Object.entries(places)) {
      for (let length = 4; length <= secret.length; length++) {
        const prefix = secret.slice(0, length);
        expect(text.includes(prefix), `${place} shows "${prefix}"`).toBe(false);
      }
    }
  });

  it("rejects bad arguments naming the argument and the expected form", async () => {
    await start();
    const said = await say("!inc run echo-args word=UPPER");
    expect(said).toContain("word:");
    expect(said).toContain("Usage: !inc run echo-args word=…");
    expect(runs()).toEqual([]);
    expect(await say("!inc run nope")).toContain('There is no runbook command "nope"');
  });

  it("--dry-run shows the exact argv and runs nothing", async () => {
    await start();
    const said = await say("!inc run echo-args word=hello --dry-run");
    expect(said).toContain("Dry run — nothing was run.");
    expect(said).toContain('"hello"');
    expect(runs()[0]?.event).toMatchObject({ dryRun: true });
  });

  it("enforces roles and confirmation", async () => {
    await start();
    expect(await say("!inc run restart-thing")).toContain(
      "Only the commander or ops of INC-1 may run restart-thing",
    );
    await say("!inc ack");
    const asked = await say("!inc run restart-thing");
    const id = /confirm ([0-9a-f]{6})/.exec(asked)?.[1];
    expect(id).toBeDefined();
    expect(runs()).toEqual([]);
    expect(await say(`!inc confirm ${id}`, "mallory")).toContain("Only the commander or ops");
    const done = await say(`!inc confirm ${id}`);
    expect(done).toContain("restart-thing`: exit 0");
    expect(runs()[0]?.text).toContain("(confirmed by alice)");
    // Once used, a confirmation is gone; and one left too long expires.
    expect(await say(`!inc confirm ${id}`)).toContain("There is no run waiting for confirmation");
    const late = /confirm ([0-9a-f]{6})/.exec(await say("!inc run restart-thing"))?.[1];
    t?.clock.advance(6 * 60_000);
    expect(await say(`!inc confirm ${late}`)).toContain("expired; run the command again");
  });

  it("lists commands with the ones suggested for the incident's alerts first", async () => {
    process.env.FIREBREAK_TEST_SECRET = "x-secret-value";
    t = await startConsoleApp({ config: { commandsDir: commandsFolder() } });
    await fetch(`${t.address}/webhooks/alertmanager`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: readFileSync(join(import.meta.dirname, "..", "fixtures", "alertmanager-firing.json")),
    });
    await t.app.drain();
    // The summary offers the suggested commands next to the alert's runbook link.
    const summary = t.take().join("\n");
    expect(summary).toContain("runbook: https://runbooks.example.org/nova-api-latency");
    expect(summary).toContain("Try: `!inc run echo-args`");
    const listed = await say("!inc commands");
    expect(listed).toMatch(/Suggested for this incident:\n\s+• `!inc run echo-args`/);
    expect(listed).toContain(
      "restart-thing` — Pretends to restart something. (asks to confirm) (commander/ops only)",
    );
  });
});
