import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatRunbookCheck } from "../../../src/runbook/runbook-check.ts";
import { loadRunbookCommands } from "../../../src/runbook/runbook-load.ts";
import { makeTempDir, removeTempDir } from "../../helpers/temp-store.ts";

const SHIPPED = join(import.meta.dirname, "..", "..", "..", "commands");

describe("the shipped commands folder", () => {
  it("loads with no problems", () => {
    const { commands, problems } = loadRunbookCommands(SHIPPED);
    expect(problems).toEqual([]);
    expect(commands.map((command) => command.name)).toEqual([
      "dns-lookup",
      "http-health",
      "kubectl-rollout-restart",
      "kubectl-rollout-status",
      "openstack-servers-in-error",
      "statuspage-component-status",
      "statuspage-unresolved",
      "systemctl-restart",
      "systemctl-status",
      "tls-expiry",
    ]);
  });

  it("asks for confirmation and a role before anything that changes production", () => {
    const { commands } = loadRunbookCommands(SHIPPED);
    const changing = [
      "kubectl-rollout-restart",
      "systemctl-restart",
      "statuspage-component-status",
    ];
    for (const command of commands) {
      const changes = changing.includes(command.name);
      expect({ name: command.name, confirm: command.confirm }).toEqual({
        name: command.name,
        confirm: changes,
      });
      expect(command.roles.length > 0).toBe(changes);
      expect(command.timeoutMs).toBeLessThanOrEqual(120_000);
    }
  });

  it("reads every field of a command", () => {
    const { commands } = loadRunbookCommands(SHIPPED);
    const status = commands.find((command) => command.name === "systemctl-status");
    expect(status).toMatchObject({
      description: expect.stringContaining("systemd"),
      exec: ["systemctl", "status", "--no-pager", "--full", "--lines={lines}", "--", "{unit}"],
      timeoutMs: 15_000,
      confirm: false,
      roles: [],
      env: [],
      secretEnv: [],
      file: join(SHIPPED, "systemctl-status.yaml"),
    });
    expect(status?.args).toMatchObject([
      { name: "unit", type: "string", required: true, example: "nova-api.service" },
      { name: "lines", type: "integer", min: 0, max: 200, default: 20, required: false },
    ]);
    expect(status?.suggest.map((matcher) => matcher.text)).toEqual([
      'alertname=~"NodeSystemdServiceFailed|HostSystemdServiceCrashed|SystemdUnitFailed"',
    ]);
  });

  it("is what `firebreak commands check` reports as fine", () => {
    expect(formatRunbookCheck(SHIPPED)).toEqual({ text: "10 commands OK", ok: true });
  });
});

describe("a malformed commands folder", () => {
  let dir: string;
  let outside: string;
  beforeEach(() => {
    dir = makeTempDir();
    outside = makeTempDir();
  });
  afterEach(() => {
    removeTempDir(dir);
    removeTempDir(outside);
  });
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  const lines = () => formatRunbookCheck(dir).text.split("\n");
  const at = (name: string) => join(dir, name);

  it("says file, key and problem for each fault", () => {
    write("bad-yaml.yaml", "name: bad-yaml\ndescription: x\nexec: [echo\n");
    write("missing-name.yaml", "description: no name\nexec: [echo]\n");
    write(
      "unknown-placeholder.yaml",
      'name: unknown-placeholder\ndescription: x\nargs:\n  - name: unit\n    type: string\n    pattern: "[a-z]+"\nexec: [systemctl, status, "{unit}", "--lines={lnes}"]\n',
    );
    write(
      "bad-pattern.yaml",
      'name: bad-pattern\ndescription: x\nargs:\n  - name: host\n    type: string\n    pattern: "[a-z]+"\n  - name: port\n    type: string\n    pattern: "([0-9]+"\nexec: [echo, "{host}", "{port}"]\n',
    );
    write(
      "bad-default.yaml",
      "name: bad-default\ndescription: x\nargs:\n  - name: type\n    type: enum\n    values: [A, AAAA]\n    default: MX\nexec: [dig, '{type}']\n",
    );
    write("dup.yaml", "name: dup\ndescription: x\nexec: [echo]\n");
    write("dup.yml", "name: dup\ndescription: x\nexec: [echo]\n");
    write(
      "bad-role.yaml",
      "name: bad-role\ndescription: x\nexec: [echo]\nroles: [commander, admin]\n",
    );
    write("wrong-name.yaml", "name: right-name\ndescription: x\nexec: [echo]\n");
    write("README.md", "not a command\n");
    write("notes.txt", "name: [\n");
    const result = formatRunbookCheck(dir);
    expect(result.ok).toBe(false);
    expect(result.text.split("\n")).toEqual([
      `${at("bad-default.yaml")}: args[0].default: "MX" is not one of the choices (expected one of A, AAAA)`,
      `${at("bad-pattern.yaml")}: args[1].pattern: the regular expression does not compile: Invalid regular expression: /([0-9]+/u: Unterminated group`,
      `${at("bad-role.yaml")}: roles[1]: expected one of commander, comms, scribe, ops`,
      `${at("bad-yaml.yaml")}: line 4: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      `${at("dup.yml")}: name: "dup" is already defined in ${at("dup.yaml")}`,
      `${at("missing-name.yaml")}: name: is required: the command name, the same as the file name`,
      `${at("unknown-placeholder.yaml")}: exec[3]: unknown placeholder {lnes}: the arguments are unit (for literal braces write {{lnes}})`,
      `${at("wrong-name.yaml")}: name: "right-name" does not match the file name: call it "wrong-name" or rename the file to right-name.yaml`,
    ]);
  });

  it("refuses a pattern that would escape its anchors", () => {
    write(
      "escape-anchor.yaml",
      "name: escape-anchor\ndescription: x\nargs: [{ name: v, type: string, pattern: '[a-z]+)|(.*' }]\nexec: [echo, '{v}']\n",
    );
    expect(lines()).toEqual([
      `${at("escape-anchor.yaml")}: args[0].pattern: the regular expression does not compile: Invalid regular expression: /[a-z]+)|(.*/u: Unmatched ')'`,
    ]);
  });

  it("shows an invisible character in a key or value escaped, in `commands check` too", () => {
    write(
      "hidden.yaml",
      "name: hidden\ndescription: x\nexec: [id]\nti\u200bmeout: 3\nargs: [{ name: a\u200b, type: string, pattern: x }]\n",
    );
    write(
      "header.yaml",
      [
        "name: header",
        "description: x",
        "http:",
        "  method: GET",
        "  url: https://status.example.org",
        "  headers:",
        '    "X-To\u200bken": "v"',
        "",
      ].join("\n"),
    );
    expect(lines()).toEqual([
      `${at("header.yaml")}: http.headers.X-To\\u200bken: is not a header name (letters, digits and - such as Authorization)`,
      `${at("hidden.yaml")}: args[0].name: expected lowercase letters, digits and _ (such as namespace)`,
      `${at("hidden.yaml")}: "ti\\u200bmeout": unknown key (a typo?)`,
      `${at("hidden.yaml")}: args[0].name: "a\\u200b" is never used: no {a\\u200b} in exec or http`,
    ]);
  });

  it("refuses an empty program name", () => {
    write("no-program.yaml", "name: no-program\ndescription: x\nexec: ['', status]\n");
    expect(lines()).toEqual([
      `${at("no-program.yaml")}: exec: expected the program's name or path first, not an empty string`,
    ]);
  });

  it("still loads the good commands next to bad ones", () => {
    write("good.yaml", "name: good\ndescription: x\nexec: [echo, hi]\n");
    write("bad.yaml", "name: bad\n");
    write("neither.yaml", "name: neither\ndescription: x\n");
    const { commands, problems } = loadRunbookCommands(dir);
    expect(commands.map((command) => command.name)).toEqual(["good"]);
    expect(problems).toEqual([
      {
        file: at("bad.yaml"),
        key: "description",
        problem: "is required: a sentence saying what the command does",
      },
      {
        file: at("neither.yaml"),
        key: "exec",
        problem: "give either exec (the program and its arguments) or http (a request)",
      },
    ]);
  });

  it("refuses a link that leads out of the folder, and follows one that stays inside", () => {
    writeFileSync(join(outside, "escape.yaml"), "name: escape\ndescription: x\nexec: [id]\n");
    symlinkSync(join(outside, "escape.yaml"), at("escape.yaml"));
    mkdirSync(at("shared"));
    writeFileSync(at("shared/inside.yaml"), "name: inside\ndescription: x\nexec: [id]\n");
    symlinkSync(at("shared/inside.yaml"), at("inside.yaml"));
    const { commands, problems } = loadRunbookCommands(dir);
    expect(commands.map((command) => command.name)).toEqual(["inside"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: at("escape.yaml"), key: "(file)" });
    expect(problems[0]?.problem).toMatch(/outside the commands folder: refused$/);
  });

  it("checks arguments, templates and the rest of the file", () => {
    write(
      "many.yaml",
      [
        "name: many",
        "description: x",
        "args:",
        "  - { name: host, type: string, pattern: '[a-z]+', default: Bad }",
        "  - { name: count, type: integer, min: 5, max: 1, required: true, default: 3 }",
        "  - { name: mode, type: enum, values: [a, a] }",
        "  - { name: Flag, type: boolean }",
        "  - { name: opt, type: string, pattern: '.+', required: false }",
        "  - { name: kind, type: float }",
        `exec: ['{host}', '\${HOME}', '{count}', '{mode}', '{opt}']`,
        "timeout: 20m",
        "confirm: yes",
        "suggest: ['alertname=~\"(\"', 'not a matcher']",
        "colour: red",
        "",
      ].join("\n"),
    );
    expect(lines()).toEqual([
      `${at("many.yaml")}: args[0].default: "Bad" does not match (expected a value matching [a-z]+)`,
      `${at("many.yaml")}: args[1].max: must not be smaller than min`,
      `${at("many.yaml")}: args[1].default: a required argument has no default: drop one of them`,
      `${at("many.yaml")}: args[1].default: 3 is out of range (expected an integer from 5 to 1)`,
      `${at("many.yaml")}: args[2].values[1]: "a" is listed twice`,
      `${at("many.yaml")}: args[3].name: expected lowercase letters, digits and _ (such as namespace)`,
      `${at("many.yaml")}: args[4].required: an optional argument needs a default, so that its placeholder has a value`,
      `${at("many.yaml")}: args[5].type: expected type: string, enum, integer or boolean`,
      `${at("many.yaml")}: timeout: expected seconds (30) or a duration such as "30s" or "2m", at most 10m, got "20m"`,
      `${at("many.yaml")}: confirm: expected true or false`,
      `${at("many.yaml")}: suggest[0]: "alertname=~"("": the regex does not compile: Invalid regular expression: /^(?:()$/u: Unterminated group`,
      `${at("many.yaml")}: suggest[1]: "not a matcher" is not a label matcher: write label="value", label!="value", label=~"regex" or label!~"regex".`,
      `${at("many.yaml")}: colour: unknown key (a typo?)`,
    ]);
  });

  it("checks placeholders against the arguments, and keeps program, host and secrets fixed", () => {
    write(
      "templates.yaml",
      [
        "name: templates",
        "description: x",
        "args:",
        "  - { name: unit, type: string, pattern: '[a-z]+' }",
        "  - { name: unused, type: boolean, default: false }",
        `exec: ['{unit}', 'status', '\${HOME}', '\${env:TOKEN}', '%{http_code}', 'a}b']`,
        "",
      ].join("\n"),
    );
    write(
      "http-host.yaml",
      [
        "name: http-host",
        "description: x",
        "args: [{ name: host, type: string, pattern: '[a-z]+' }]",
        "http:",
        "  method: GET",
        "  url: 'https://{host}.example.org/'",
        "  headers: { 'Bad Header': x }",
        "  body: 'x'",
        "env: [KUBECONFIG]",
        "",
      ].join("\n"),
    );
    write(
      "both.yaml",
      "name: both\ndescription: x\nexec: [id]\nhttp: { method: GET, url: 'ftp://example.org' }\n",
    );
    expect(lines()).toEqual([
      `${at("both.yaml")}: http: give either exec or http, not both`,
      `${at("both.yaml")}: http.url: expected a URL starting with "http://" or "https://" (or \${env:NAME} holding one)`,
      `${at("http-host.yaml")}: env: is for exec commands: an http command takes \${env:NAME} in url, headers or body`,
      `${at("http-host.yaml")}: http.body: a GET request has no body`,
      `${at("http-host.yaml")}: http.headers.Bad Header: is not a header name (letters, digits and - such as Authorization)`,
      `${at("http-host.yaml")}: http.url: the scheme and host are fixed: an argument there could send the request and its secrets anywhere`,
      `${at("templates.yaml")}: exec[0]: the program is fixed: it cannot contain placeholders`,
      `${at("templates.yaml")}: exec[2]: "\${HOME}" is shell syntax: write \${env:NAME} for a variable or {name} for an argument`,
      `${at("templates.yaml")}: exec[3]: secrets do not go on the command line, where the process list shows them: list the variable under secretEnv so the program gets it in its environment`,
      `${at("templates.yaml")}: exec[4]: unknown placeholder {http_code}: the arguments are unit, unused (for literal braces write {{http_code}})`,
      `${at("templates.yaml")}: exec[5]: unmatched "}": write {{ or }} for a literal brace`,
      `${at("templates.yaml")}: args[1].name: "unused" is never used: no {unused} in exec or http`,
    ]);
  });

  it("says when the file is empty or the folder is missing", () => {
    write("empty.yaml", "# nothing yet\n");
    expect(lines()).toEqual([`${at("empty.yaml")}: (top level): the file is empty`]);
    const missing = join(dir, "nope");
    expect(formatRunbookCheck(missing)).toEqual({
      text: `${missing}: (folder): cannot read the folder (ENOENT)`,
      ok: false,
    });
  });

  it("counts an empty folder as fine", () => {
    expect(formatRunbookCheck(dir)).toEqual({ text: "0 commands OK", ok: true });
    write("one.yaml", "name: one\ndescription: x\nexec: [id]\n");
    expect(formatRunbookCheck(dir)).toEqual({ text: "1 command OK", ok: true });
  });
});
