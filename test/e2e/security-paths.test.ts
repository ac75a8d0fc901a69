import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PostmortemModel } from "../../src/core/postmortem-model.ts";
import { POSTMORTEM_TEMPLATE, renderPostmortem } from "../../src/publish/render-postmortem.ts";
import { loadRunbookCommands } from "../../src/runbook/runbook-load.ts";
import { makeTempDir, removeTempDir } from "../helpers/temp-store.ts";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";

/**
 * Security review, file paths: nothing a chat user types, and nothing a contributor to the
 * postmortems repository, the templates folder or the commands folder puts there, makes Firebreak
 * read or write outside its folders.
 *
 * Already covered elsewhere and not repeated: site files are named by incident number only and a
 * symlink at a page is replaced, a linked folder refused, an edited manifest cannot aim deletes
 * elsewhere (build-site.test.ts); a command file linking out of the commands folder is refused
 * (runbook-load.test.ts); a template cannot reach `process` or constructors
 * (render-postmortem.test.ts).
 */

const SECRET = "TOP-SECRET-host-credentials-4f1d";

let t: ConsoleApp | undefined;
let outside: string;
beforeEach(() => {
  outside = makeTempDir();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  removeTempDir(outside);
});

async function say(room: string, user: string, text: string): Promise<string> {
  if (!t) throw new Error("no app");
  t.take();
  await t.chat.type(room, user, text);
  await t.app.drain();
  return t.take().join("\n");
}

/** A resolved INC-1 commanded by alice, with the given title. */
async function resolvedIncident(title = "Keystone tokens failing"): Promise<ConsoleApp> {
  t = await startConsoleApp();
  await say("general", "alice", `!inc declare ${title}`);
  await say("inc-1", "alice", "!inc ack");
  await say("inc-1", "alice", "!inc resolve");
  return t;
}

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

function siteText(app: ConsoleApp): string {
  return filesUnder(app.config.publishDir)
    .map((file) => readFileSync(join(app.config.publishDir, file), "utf8"))
    .join("\n");
}

describe("postmortem files in the postmortems folder", () => {
  it("a draft that is a symlink to another file is neither read, overwritten nor published", async () => {
    const app = await resolvedIncident();
    const target = join(outside, "credentials.txt");
    writeFileSync(target, `${SECRET}\n`);
    mkdirSync(join(app.config.postmortemsDir, "drafts"), { recursive: true });
    symlinkSync(target, join(app.config.postmortemsDir, "drafts", "INC-1.md"));

    const drafted = await say("inc-1", "alice", "!inc postmortem");
    expect(drafted).toContain("symlink");
    expect(drafted).not.toContain(SECRET);
    const published = await say("inc-1", "alice", '!inc postmortem publish --waive "reviewed"');
    expect(published).not.toContain("Published");
    expect(readFileSync(target, "utf8")).toBe(`${SECRET}\n`);
    expect(existsSync(join(app.config.postmortemsDir, "INC-1.md"))).toBe(false);
    expect(siteText(app)).not.toContain(SECRET);
    expect(app.app.service.get(1).status).toBe("resolved");
  });

  it("a drafts folder that is a symlink to another folder gets nothing written into it", async () => {
    const app = await resolvedIncident();
    mkdirSync(app.config.postmortemsDir, { recursive: true });
    symlinkSync(outside, join(app.config.postmortemsDir, "drafts"));
    expect(await say("inc-1", "alice", "!inc postmortem")).toContain("symlink");
    expect(readdirSync(outside)).toEqual([]);
  });

  it("a published postmortem that is a symlink is not written through", async () => {
    const app = await resolvedIncident();
    const target = join(outside, "authorized_keys");
    writeFileSync(target, "ssh-ed25519 AAAA… ops@host\n");
    await say("inc-1", "alice", "!inc postmortem");
    symlinkSync(target, join(app.config.postmortemsDir, "INC-1.md"));
    const answer = await say("inc-1", "alice", '!inc postmortem publish --waive "reviewed"');
    expect(answer).toContain("symlink");
    expect(readFileSync(target, "utf8")).toBe("ssh-ed25519 AAAA… ops@host\n");
    expect(app.app.service.get(1).status).toBe("resolved");
  });

  it("a published postmortem swapped for a symlink later never reaches the site", async () => {
    const app = await resolvedIncident();
    await say("inc-1", "alice", "!inc postmortem");
    expect(await say("inc-1", "alice", '!inc postmortem publish --waive "reviewed"')).toContain(
      "Published",
    );
    expect(siteText(app)).toContain("Keystone tokens failing");
    const target = join(outside, "credentials.txt");
    writeFileSync(target, `${SECRET}\n`);
    const published = join(app.config.postmortemsDir, "INC-1.md");
    rmSync(published);
    symlinkSync(target, published);
    // Anything that refreshes the status page rebuilds the site from the published files.
    await say("general", "alice", "!inc declare Another incident");
    await say("inc-2", "alice", "!inc update Looking into it.");
    expect(siteText(app)).toContain("Looking into it.");
    expect(siteText(app)).not.toContain(SECRET);
  });

  it("names drafts, published files and pages by incident number, whatever the title says", async () => {
    const app = await resolvedIncident("../../../../../tmp/evil ..\\..\\x /etc/passwd");
    const before = filesUnder(outside);
    await say("inc-1", "alice", "!inc postmortem");
    await say("inc-1", "alice", '!inc postmortem publish --waive "reviewed"');
    expect(app.app.service.get(1).status).toBe("closed");
    expect(filesUnder(app.config.postmortemsDir)).toEqual(["INC-1.md", join("drafts", "INC-1.md")]);
    expect(filesUnder(app.config.publishDir)).toEqual([
      ".firebreak-site.json",
      "feed.atom",
      "incidents.json",
      join("incidents", "INC-1.html"),
      "index.html",
      "style.css",
    ]);
    expect(filesUnder(outside)).toEqual(before);
  });
});

describe("postmortem templates", () => {
  const model = {
    ref: "INC-7",
    title: "{% include '../outside' %}{{ 6 | times: 7 }}",
  } as unknown as PostmortemModel;

  it("an include, render or layout cannot reach a file outside the templates folders", async () => {
    const templates = join(outside, "templates");
    mkdirSync(templates);
    writeFileSync(join(outside, "outside.liquid"), SECRET);
    writeFileSync(join(outside, "secret.txt"), SECRET);
    // A link inside the templates folder that leads out of it is no way out either.
    symlinkSync(join(outside, "secret.txt"), join(templates, "linked.liquid"));
    for (const tag of [
      "{% include 'linked.liquid' %}",
      "{% include '../outside.liquid' %}",
      "{% include '../outside' %}",
      `{% include '${join(outside, "secret.txt")}' %}`,
      "{% render '../outside.liquid' %}",
      "{% layout '../outside.liquid' %}x",
      "{% include '../../../../../../../../etc/hostname' %}",
    ]) {
      writeFileSync(join(templates, POSTMORTEM_TEMPLATE), `# {{ ref }}\n${tag}\n`);
      const rendered = await renderPostmortem(model, templates).then(
        (text) => text,
        (error: Error) => error.message,
      );
      expect(rendered, tag).not.toContain(SECRET);
      expect(rendered, tag).toMatch(/Failed to lookup/);
    }
  });

  it("incident text is data, never template code", async () => {
    const templates = join(outside, "templates");
    mkdirSync(templates);
    writeFileSync(join(templates, POSTMORTEM_TEMPLATE), "# {{ ref }}: {{ title }}\n");
    expect(await renderPostmortem(model, templates)).toBe(
      "# INC-7: {% include '../outside' %}{{ 6 | times: 7 }}\n",
    );
  });
});

describe("the commands folder", () => {
  let commands: string;
  beforeEach(() => {
    commands = join(outside, "commands");
    mkdirSync(commands);
    writeFileSync(join(commands, "good.yaml"), "name: good\ndescription: x\nexec: [id]\n");
  });

  it("skips what is not a regular file without reading it: a FIFO, a folder, a link loop", () => {
    // Reading a FIFO would block start-up for ever.
    execFileSync("mkfifo", [join(commands, "fifo.yaml")]);
    mkdirSync(join(commands, "folder.yaml"));
    symlinkSync(join(commands, "loop-b.yaml"), join(commands, "loop-a.yaml"));
    symlinkSync(join(commands, "loop-a.yaml"), join(commands, "loop-b.yaml"));
    const { commands: loaded, problems } = loadRunbookCommands(commands);
    expect(loaded.map((command) => command.name)).toEqual(["good"]);
    expect(problems.map((problem) => [relative(commands, problem.file), problem.key])).toEqual([
      ["fifo.yaml", "(file)"],
      ["folder.yaml", "(file)"],
      ["loop-a.yaml", "(file)"],
      ["loop-b.yaml", "(file)"],
    ]);
  });

  it("refuses a relative link that climbs out of the folder, and dot-files are not commands", () => {
    writeFileSync(join(outside, "escape.yaml"), "name: escape\ndescription: x\nexec: [id]\n");
    symlinkSync("../escape.yaml", join(commands, "escape.yaml"));
    writeFileSync(join(commands, ".hidden.yaml"), "name: .hidden\ndescription: x\nexec: [id]\n");
    const { commands: loaded, problems } = loadRunbookCommands(commands);
    expect(loaded.map((command) => command.name)).toEqual(["good"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.problem).toMatch(/outside the commands folder: refused$/);
    expect(statSync(join(outside, "escape.yaml")).isFile()).toBe(true);
  });
});
