/**
 * Issue 9, "Hostile input", the parts test/unit/hostile-input.test.ts leaves out: the runbook
 * `commands/` loader, postmortem templates, and the real HTTP intake. Every input here is one an
 * attacker, a broken sender or a slip of an operator's editor can produce; the answer is always
 * the documented one (a list of problems, a template_error, a 4xx with a JSON error), never a
 * crash, a 500, a hang or a polluted prototype.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { incidentChannelName, MAX_CHANNEL_NAME } from "../../src/chat/slack/slack-channel-name.ts";
import { formatIncidentTable } from "../../src/cli/format-incident-table.ts";
import { incidentJson } from "../../src/cli/json-output.ts";
import { manualClock } from "../../src/core/clock.ts";
import { FirebreakError } from "../../src/core/firebreak-error.ts";
import type { NewIncident } from "../../src/core/incident.ts";
import { postmortemModel } from "../../src/core/postmortem-model.ts";
import type { NewTimelineEntry } from "../../src/core/timeline-event.ts";
import { generatePostmortem } from "../../src/publish/generate-postmortem.ts";
import {
  BUNDLED_TEMPLATES_DIR,
  POSTMORTEM_TEMPLATE,
  renderPostmortem,
} from "../../src/publish/render-postmortem.ts";
import { formatRunbookCheck } from "../../src/runbook/runbook-check.ts";
import { loadRunbookCommands } from "../../src/runbook/runbook-load.ts";
import { nasty, hostileValue as value } from "../helpers/hostile-values.ts";
import { makeIncident, withoutNumber } from "../helpers/make-incident.ts";
import {
  makeTempDir,
  openTempStore,
  readFixture,
  removeTempDir,
  type TempStore,
} from "../helpers/temp-store.ts";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";

/**
 * Splices random text into `base` a few times: what a slip in an editor does to a file. Each
 * piece is a few random bytes or one of `tokens`, the syntax most likely to break it.
 */
function mutatedText(base: string, tokens: readonly string[]): fc.Arbitrary<string> {
  const pieces = fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom(...tokens));
  return fc
    .array(fc.tuple(fc.nat(base.length), fc.nat(24), pieces), { minLength: 1, maxLength: 4 })
    .map((edits) =>
      edits.reduce(
        (text, [at, cut, insert]) => text.slice(0, at) + insert + text.slice(at + cut),
        base,
      ),
    );
}

/** A new incident (no number yet: the store gives it one) with this title. */
function newIncident(title: string): NewIncident {
  return withoutNumber(makeIncident({ openedAt: "2026-11-18T09:00:00.000Z", title }));
}

function notPolluted(): void {
  const plain = {} as Record<string, unknown>;
  expect(plain.polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
  expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
}

// ---------------------------------------------------------------------------------------------
// 1. The runbook commands/ loader
// ---------------------------------------------------------------------------------------------

const SHIPPED = join(import.meta.dirname, "..", "..", "commands");
const STATUS_TEXT = readFileSync(join(SHIPPED, "systemctl-status.yaml"), "utf8");
const STATUS_OBJECT = parseYaml(STATUS_TEXT) as Record<string, unknown>;
const RELATED: Readonly<Record<string, readonly string[]>> = {
  args: ["exec", "http"],
  exec: ["args"],
  http: ["args"],
};
/** `line 4`, `(top level)`, `(file)`, `(yaml)` or a path such as `args[1].pattern`: never blank. */
const KEY_FORM = /^\S/;

describe("the commands/ loader with hostile files", () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = makeTempDir();
    dir = join(root, "commands");
    mkdirSync(dir);
  });
  afterEach(() => removeTempDir(root));

  /**
   * Writes one command file and loads the folder: either that command loads, or every problem
   * names that file and a key; `firebreak commands check` agrees line for line.
   */
  function load(name: string, content: string | Buffer) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const file = join(dir, name);
    writeFileSync(file, content);
    const { commands, problems } = loadRunbookCommands(dir);
    const check = formatRunbookCheck(dir);
    if (problems.length === 0) {
      expect(commands.map((command) => command.file)).toEqual([file]);
      expect(check).toEqual({ text: "1 command OK", ok: true });
    } else {
      expect(commands).toEqual([]);
      for (const problem of problems) {
        expect(problem.file).toBe(file);
        expect(problem.key).toMatch(KEY_FORM);
        expect(problem.problem.trim()).not.toBe("");
      }
      expect(check.ok).toBe(false);
      const lines = check.text.split("\n");
      expect(lines).toHaveLength(problems.length);
      for (const line of lines) expect(line.startsWith(`${file}: `)).toBe(true);
    }
    notPolluted();
    return { commands, problems, file };
  }

  it("a file of random text, or of a random YAML document, loads or comes back as problems", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.string({ unit: "binary", maxLength: 300 }).map((text) => `name: fuzzed\n${text}`),
          value.map((document) => stringifyYaml(document)),
          // A mapping at the top, with nasty keys beside real ones.
          fc
            .dictionary(
              fc.oneof(fc.string(), nasty, fc.constantFrom("name", "exec", "args")),
              value,
              {
                maxKeys: 6,
              },
            )
            .map((document) => stringifyYaml({ name: "fuzzed", ...document })),
        ),
        (text) => {
          load("fuzzed.yaml", text);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a shipped command file mutated by hand loads or names what broke", () => {
    const tokens = [
      ":",
      "- ",
      "  ",
      "\t",
      '"',
      "'",
      "[",
      "]",
      "{",
      "}",
      "{unit}",
      "{nope}",
      "&a ",
      "*a",
      "!!binary ",
      "<<: ",
      "\n",
      "\u0000",
      "__proto__: x\n",
    ];
    fc.assert(
      fc.property(mutatedText(STATUS_TEXT, tokens), (text) => {
        load("systemctl-status.yaml", text);
      }),
      { numRuns: 150 },
    );
  });

  it("replacing one key of a valid command with a hostile value is reported at that key", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(STATUS_OBJECT)),
        value.filter((replacement) => replacement !== undefined),
        (key, replacement) => {
          const document = { ...STATUS_OBJECT, [key]: replacement };
          const text = stringifyYaml(document);
          const { problems } = load("systemctl-status.yaml", text);
          if (problems.length === 0) return;
          if (Buffer.byteLength(text) > 65_536) {
            expect(problems.map((problem) => problem.key)).toEqual(["(file)"]);
            return;
          }
          // The fault is at the key that changed; or, for args and the exec or http that use
          // them, at the other side (an arg nothing uses, a placeholder no arg fills).
          const blamed = problems.map((problem) => problem.key);
          const at = (prefix: string) =>
            blamed.some(
              (k) =>
                k === prefix ||
                k.startsWith(`${prefix}.`) ||
                k.startsWith(`${prefix}[`) ||
                k === "(top level)",
            );
          const related = RELATED[key] ?? [];
          expect(at(key) || related.some(at), `${key}: ${blamed.join(", ")}`).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("files built to hurt are refused with a reason, never thrown at the caller", () => {
    const laughs = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "",
    ].join("\n");
    const bomb = load("laughs.yaml", laughs);
    expect(bomb.problems).toEqual([
      {
        file: bomb.file,
        key: "(yaml)",
        problem: expect.stringMatching(/^not usable YAML: .*alias/i),
      },
    ]);

    // 30,000 nested flow sequences: the YAML parser runs out of stack, the loader says so.
    const deep = load("deep.yaml", `${"[".repeat(30_000)}${"]".repeat(30_000)}\n`);
    expect(deep.problems).toEqual([
      { file: deep.file, key: "line 1", problem: expect.stringMatching(/^not valid YAML: /) },
    ]);

    // Deep JSON for an http command, as deep as the parser allows and deeper.
    for (const depth of [50, 500, 5_000, 20_000]) {
      const json = `${"[".repeat(depth)}${"]".repeat(depth)}`;
      const { commands, problems } = load(
        "deep-json.yaml",
        `name: deep-json\ndescription: x\nhttp:\n  method: POST\n  url: https://example.org/\n  json: ${json}\n`,
      );
      // load() checked the answer's form; a shallow body is a command, a deep one a problem.
      if (depth === 50) expect(commands).toHaveLength(1);
      if (depth === 20_000) expect(problems.map((problem) => problem.key)).toEqual(["line 6"]);
    }

    const big = load("big.yaml", `name: big\ndescription: ${"x".repeat(70_000)}\nexec: [echo]\n`);
    expect(big.problems).toEqual([
      {
        file: big.file,
        key: "(file)",
        problem: "is 70.0 KB; a command file may be at most 64 KiB",
      },
    ]);

    const proto = load(
      "proto.yaml",
      "__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\nname: proto\ndescription: x\nexec: [echo]\n",
    );
    expect(proto.problems.map((problem) => [problem.key, problem.problem])).toEqual([
      ["__proto__", "unknown key (a typo?)"],
      ["constructor", "unknown key (a typo?)"],
    ]);

    // A NUL byte in the name is no command name; bytes that are not UTF-8 are just odd text.
    const nul = load("nul.yaml", "name: nul\u0000\ndescription: x\nexec: [echo]\n");
    expect(nul.problems.map((problem) => problem.key)).toEqual(["name"]);
    const bytes = load(
      "bytes.yaml",
      Buffer.concat([
        Buffer.from("name: bytes\ndescription: "),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
        Buffer.from("\nexec: [echo]\n"),
      ]),
    );
    expect(bytes.problems).toEqual([]);
    expect(bytes.commands[0]?.description).toContain("\ufffd");

    // A blank or invisible unknown key is quoted, so the operator can see which one it is.
    const blank = load(
      "blank.yaml",
      'name: blank\ndescription: x\nexec: [echo]\n"": 1\n" ": 2\n"\\u200bexec": 3\n',
    );
    expect(blank.problems.map((problem) => problem.key)).toEqual(['""', '" "', '"\\u200bexec"']);

    // Bidi and zero-width characters cannot disguise one command name as another.
    const disguised = load(
      "restart.yaml",
      "name: re\u200bstart\u202e\ndescription: x\nexec: [echo]\n",
    );
    expect(disguised.problems.map((problem) => problem.key)).toEqual(["name"]);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Postmortem templates
// ---------------------------------------------------------------------------------------------

/** Text with template syntax, bidi and zero-width characters, NULs, huge runs; no line breaks. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.string({ unit: "binary", maxLength: 20 }),
      nasty,
      fc.constantFrom(
        "{{",
        "}}",
        "{%",
        "%}",
        "{{ ref }}",
        "{% raw %}",
        "{% endraw %}",
        "{%- if true -%}",
        "{% include 'postmortem.md.liquid' %}",
        "{{ 6 | times: 7 }}",
        "|",
        "<script>alert(1)</script>",
        "x".repeat(10_000),
      ),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join("").replace(/[\r\n]/g, " "))
  .filter((text) => text.trim() !== "");

describe("postmortem templates", () => {
  let temp: TempStore;
  let templates: string;
  const clock = manualClock("2026-11-19T08:00:00Z");
  beforeAll(() => {
    temp = openTempStore();
    templates = makeTempDir();
  });
  afterAll(() => {
    temp.cleanup();
    removeTempDir(templates);
  });

  it("hostile incident text is printed as text, never run as template code", async () => {
    const empty = makeTempDir();
    try {
      await fc.assert(
        fc.asyncProperty(
          hostileText,
          hostileText,
          hostileText,
          hostileText,
          hostileText,
          async (title, note, update, action, name) => {
            const { number } = temp.store.incidents.insert(newIncident(title));
            const actor = { id: "mallory", name: `ACTOR‽${name}` };
            const entries: NewTimelineEntry[] = [
              {
                occurredAt: "2026-11-18T09:01:00.000Z",
                actor,
                event: { kind: "note", text: note },
              },
              {
                occurredAt: "2026-11-18T09:02:00.000Z",
                actor,
                event: { kind: "update", text: update },
              },
              {
                occurredAt: "2026-11-18T09:03:00.000Z",
                actor,
                event: { kind: "action", text: action },
              },
            ];
            temp.store.timeline.append(number, entries, "2026-11-18T09:03:00.000Z");
            const markdown = await generatePostmortem(temp.store, number, {
              templatesDir: empty,
              timeZone: "UTC",
              clock,
            });
            // SQLite text columns keep well-formed UTF-16 (a lone surrogate becomes U+FFFD); the
            // event's own JSON keeps the text exactly. Either way, nothing else changes.
            const kept = (sent: string, got: string | undefined) => {
              expect([sent, sent.toWellFormed()]).toContain(got);
              return got ?? "";
            };
            const [noted, updated, acted] = temp.store.timeline.list(number);
            const storedTitle = kept(title, temp.store.incidents.get(number)?.title);
            const storedNote = kept(note, noted?.text);
            const storedUpdate = kept(
              update,
              updated?.event.kind === "update" ? updated.event.text : undefined,
            );
            const storedAction = kept(
              action,
              acted?.event.kind === "action" ? acted.event.text : undefined,
            );
            const lines = markdown.split("\n");
            expect(lines[0]).toBe(`# INC-${number}: ${storedTitle}`);
            // In table cells a | is escaped, so a note cannot add a column.
            const cell = (text: string) => text.replaceAll("|", "\\|");
            expect(lines).toContain(`| 09:01:00 | a responder | ${cell(storedNote)} |`);
            expect(lines).toContain(`- 09:02:00 (a responder): ${storedUpdate}`);
            expect(lines).toContain(`| ${cell(storedAction)} | — | — |`);
            // Blameless: the person's name, whatever it holds, is never printed.
            expect(markdown).not.toContain("ACTOR‽");
          },
        ),
        { numRuns: 100 },
      );
    } finally {
      removeTempDir(empty);
    }
  });

  it("template code in a title stays literal in the draft", async () => {
    const title =
      "{{ ref }} {% if true %}yes{% endif %} {{ 6 | times: 7 }} \u202eevil\u200b \u0000";
    const { number } = temp.store.incidents.insert(newIncident(title));
    const markdown = await generatePostmortem(temp.store, number, {
      templatesDir: templates,
      timeZone: "UTC",
      clock,
    });
    expect(markdown.split("\n")[0]).toBe(`# INC-${number}: ${title}`);
    // Run as code it would read "INC-n yes 42"; it is printed once, as sent.
    expect(markdown.split(title)).toHaveLength(2);
  });

  it("a user-edited template of any content renders or fails with template_error, file and line", async () => {
    const base = readFileSync(join(BUNDLED_TEMPLATES_DIR, POSTMORTEM_TEMPLATE), "utf8");
    const file = join(templates, POSTMORTEM_TEMPLATE);
    const model = postmortemModel(
      { ...makeIncident({ openedAt: "2026-11-18T09:00:00.000Z" }), title: "{{ ref }}\u202e" },
      [],
      [],
      new Date("2026-11-18T10:00:00Z"),
    );
    const tokens = [
      "{%",
      "%}",
      "{{",
      "}}",
      "{%-",
      "-%}",
      "{% if x %}",
      "{% endif %}",
      "{% for a in alerts %}",
      "{% endfor %}",
      "{% raw %}",
      "{% comment %}",
      "{% assign x = ",
      " | nosuchfilter",
      " | default: ",
      "(1..3)",
      "'",
      '"',
      "\u0000",
      "\u202e",
      "\n",
    ];
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: "binary" }), mutatedText(base, tokens)),
        async (text) => {
          writeFileSync(file, text);
          try {
            const markdown = await renderPostmortem(model, templates);
            expect(typeof markdown).toBe("string");
          } catch (error) {
            failures++;
            expect(error).toBeInstanceOf(FirebreakError);
            const { code, message } = error as FirebreakError;
            expect(code).toBe("template_error");
            expect(message.startsWith(`${file}: `)).toBe(true);
            expect(message).toMatch(/line:\d+/);
          }
        },
      ),
      { numRuns: 200 },
    );
    // The mutations are not all harmless: some templates did break, and said where.
    expect(failures).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. The real HTTP intake
// ---------------------------------------------------------------------------------------------

const fixture = (name: string) => readFixture(name) as Record<string, unknown>;

/** One Alertmanager alert, its own group, written as JSON text by hand so any key survives. */
function alertmanagerJson(id: string, labels: string, annotations: string): string {
  return `{"version":"4","groupKey":"group/${id}","status":"firing","alerts":[{"status":"firing","labels":${labels},"annotations":${annotations},"startsAt":"2026-11-18T09:12:03Z","fingerprint":"${id}"}]}`;
}

/** A JSON body with `"@HOLE@"` replaced by raw JSON text (too deep for JSON.stringify). */
function withHole(payload: unknown, raw: string): string {
  const text = JSON.stringify(payload);
  expect(text).toContain('"@HOLE@"');
  return text.replace('"@HOLE@"', raw);
}

const deepArrays = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const deepObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

describe("the HTTP intake with hostile bodies", () => {
  let t: ConsoleApp;
  beforeEach(async () => {
    t = await startConsoleApp();
  });
  afterEach(async () => {
    await t.close();
  });

  async function post(path: string, body: string | Buffer | Uint8Array) {
    const response = await fetch(`${t.address}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    const text = await response.text();
    return { status: response.status, json: JSON.parse(text) as Record<string, unknown> };
  }

  /** The server still answers, and still takes a valid alert. */
  async function stillServing() {
    expect((await fetch(`${t.address}/healthz`)).status).toBe(200);
    const valid = await post(
      "/webhooks/generic",
      JSON.stringify({ id: `after-${Math.random()}`, title: "Still serving" }),
    );
    expect(valid.status).toBe(200);
  }

  it("a body over the limit gets 413 on every webhook and nothing is stored; at the limit it is taken", async () => {
    const limit = t.config.bodyLimitBytes;
    const payloads: Record<string, Record<string, unknown>> = {
      alertmanager: fixture("alertmanager-firing.json"),
      grafana: fixture("grafana-firing.json"),
      pagerduty: fixture("pagerduty-trigger.json"),
      generic: { id: "big", title: "Big body" },
    };
    for (const [source, payload] of Object.entries(payloads)) {
      const body = JSON.stringify({ ...payload, padding: "" });
      const over = body.replace(
        '"padding":""',
        `"padding":"${"x".repeat(limit + 1 - body.length)}"`,
      );
      expect(Buffer.byteLength(over)).toBe(limit + 1);
      const answer = await post(`/webhooks/${source}`, over);
      expect(answer, source).toEqual({
        status: 413,
        json: { error: "payload_too_large", message: "The body is larger than the limit." },
      });
    }
    expect(t.app.store.incidents.list()).toEqual([]);

    const body = JSON.stringify({ ...payloads.alertmanager, padding: "" });
    const exact = body.replace('"padding":""', `"padding":"${"x".repeat(limit - body.length)}"`);
    expect(Buffer.byteLength(exact)).toBe(limit);
    expect((await post("/webhooks/alertmanager", exact)).status).toBe(200);
    expect(t.app.store.incidents.list().map((incident) => incident.title)).toEqual([
      "Nova API p99 latency above 2s",
    ]);
  });

  it("deep nesting gets a 4xx naming the field, or is ignored where the format ignores it", async () => {
    const alertmanager = fixture("alertmanager-firing.json");
    const pagerduty = fixture("pagerduty-trigger.json");
    const pdPayload = pagerduty.payload as Record<string, unknown>;
    const rejected = [
      {
        source: "alertmanager",
        body: alertmanagerJson("deep-label", `{"alertname":${deepArrays(100_000)}}`, "{}"),
        field: "alerts[0].labels.alertname",
      },
      {
        source: "generic",
        body: withHole({ id: "deep", title: "Deep", labels: "@HOLE@" }, deepObjects(50_000)),
        field: "labels.a",
      },
      {
        source: "pagerduty",
        body: withHole(
          { ...pagerduty, payload: { ...pdPayload, custom_details: "@HOLE@" } },
          deepArrays(100_000),
        ),
        field: "payload.custom_details",
      },
      {
        source: "pagerduty",
        body: withHole(
          { ...pagerduty, payload: { ...pdPayload, custom_details: "@HOLE@" } },
          deepObjects(50_000),
        ),
        field: "payload.custom_details",
      },
    ];
    for (const { source, body, field } of rejected) {
      const answer = await post(`/webhooks/${source}`, body);
      expect(answer.status, `${source} ${field}`).toBe(400);
      expect(answer.json).toMatchObject({
        error: "invalid_payload",
        problems: [expect.objectContaining({ field })],
      });
      expect(answer.json.message).toContain(`${field}: `);
    }
    expect(t.app.store.incidents.list()).toEqual([]);
    await stillServing();

    // Unknown fields are documented as ignored: a deep one does not stop the alert.
    const ignored = await post(
      "/webhooks/alertmanager",
      withHole({ ...alertmanager, extra: "@HOLE@" }, deepArrays(100_000)),
    );
    expect(ignored.status).toBe(200);
    const grafana = await post(
      "/webhooks/grafana",
      withHole({ ...fixture("grafana-firing.json"), extra: "@HOLE@" }, deepObjects(50_000)),
    );
    expect(grafana.status).toBe(200);
    expect(t.app.store.incidents.list().map((incident) => incident.title)).toEqual(
      expect.arrayContaining([
        "Nova API p99 latency above 2s",
        "Volume attach error rate above 5%",
      ]),
    );

    // PagerDuty's free-form details may nest 100 levels, not 101.
    const nested = (depth: number, key: string) =>
      post(
        "/webhooks/pagerduty",
        withHole(
          { ...pagerduty, dedup_key: key, payload: { ...pdPayload, custom_details: "@HOLE@" } },
          deepArrays(depth),
        ),
      );
    expect((await nested(100, "deep-100")).status).toBe(202);
    const tooDeep = await nested(101, "deep-101");
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.json.message).toMatch(/payload\.custom_details: expected at most 100 levels/);
  });

  it("bytes that are not UTF-8 are stored as U+FFFD; NUL is data when escaped, invalid JSON when raw", async () => {
    const invalid = [
      [0xff, 0xfe],
      [0xc3, 0x28],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xc0, 0xaf],
    ].map((bytes) => Buffer.from(bytes));
    const body = Buffer.concat([
      Buffer.from('{"id":"bytes","title":"Disk '),
      ...invalid,
      Buffer.from(' full","labels":{"escaped":"a\\u0000b","team":"\\u0000"}}'),
    ]);
    const answer = await post("/webhooks/generic", body);
    expect(answer.status).toBe(200);
    const [incident] = t.app.store.incidents.list();
    expect(incident?.title).toBe(JSON.parse(body.toString("utf8")).title);
    expect(incident?.title).toMatch(/^Disk \ufffd+\(\ufffd+ full$/);
    expect(incident?.title.isWellFormed()).toBe(true);
    const [alert] = t.app.store.alerts.listForIncident(incident?.number ?? 0);
    expect(alert?.labels).toMatchObject({ escaped: "a\u0000b", team: "\u0000" });

    // JSON forbids a raw control character in a string: refused, nothing stored.
    const raw = Buffer.concat([
      Buffer.from('{"id":"nul","title":"a'),
      Buffer.from([0x00]),
      Buffer.from('b"}'),
    ]);
    const refused = await post("/webhooks/generic", raw);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe("invalid_json");
    expect(t.app.store.incidents.list()).toHaveLength(1);
  });

  it("random bytes inside a JSON string: stored as the decoded text, or 400 invalid_json", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 48 }), async (bytes) => {
        const id = `bytes-${++n}`;
        const [head, tail] = alertmanagerJson(
          id,
          '{"alertname":"Bytes"}',
          '{"summary":"S@E"}',
        ).split("@");
        const body = Buffer.concat([Buffer.from(head ?? ""), bytes, Buffer.from(tail ?? "")]);
        let summary: string | undefined;
        try {
          summary = JSON.parse(body.toString("utf8")).alerts[0].annotations.summary;
        } catch {
          summary = undefined;
        }
        const answer = await post("/webhooks/alertmanager", body);
        if (summary === undefined) {
          expect(answer.status).toBe(400);
          expect(answer.json.error).toBe("invalid_json");
        } else {
          expect(answer.status).toBe(200);
          const ref = (answer.json.incidents as string[])[0] ?? "";
          const incident = t.app.service.get(Number(ref.replace("INC-", "")));
          expect(incident?.title).toBe(summary.toWellFormed().trim());
        }
      }),
      { numRuns: 100 },
    );
    await stillServing();
  });

  it("toString and other Object method names in labels and annotations are plain data", async () => {
    const labels =
      '{"alertname":"ProtoKeys","toString":"t","valueOf":"v","hasOwnProperty":"h","isPrototypeOf":"i"}';
    const annotations = '{"summary":"Prototype keys are data","toString":"t"}';
    const answer = await post(
      "/webhooks/alertmanager",
      alertmanagerJson("proto", labels, annotations),
    );
    expect(answer.status).toBe(200);
    const generic = await post(
      "/webhooks/generic",
      '{"id":"proto","title":"Generic proto","labels":{"valueOf":"v","toString":"t"}}',
    );
    expect(generic.status).toBe(200);
    notPolluted();

    const incidents = t.app.store.incidents.list();
    expect(incidents.map((incident) => incident.title).sort()).toEqual([
      "Generic proto",
      "Prototype keys are data",
    ]);
    const byTitle = (title: string) =>
      t.app.store.alerts.listForIncident(
        incidents.find((incident) => incident.title === title)?.number ?? 0,
      )[0];
    const stored = byTitle("Prototype keys are data");
    expect(stored?.labels).toMatchObject({
      alertname: "ProtoKeys",
      toString: "t",
      valueOf: "v",
      hasOwnProperty: "h",
      isPrototypeOf: "i",
    });
    expect(Object.hasOwn(stored?.annotations ?? {}, "toString")).toBe(true);
    for (const record of [stored?.labels, stored?.annotations, byTitle("Generic proto")?.labels]) {
      expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    }
    expect(byTitle("Generic proto")?.labels).toMatchObject({ valueOf: "v", toString: "t" });

    // The incidents open and are announced like any other.
    await t.app.drain();
    const printed = t.lines.join("\n");
    expect(printed).toContain("investigating — Prototype keys are data");
    expect(printed).toContain("investigating — Generic proto");
  });

  it("__proto__, constructor and prototype keys are refused wherever they are, polluting nothing", async () => {
    const answer = await post(
      "/webhooks/alertmanager",
      alertmanagerJson(
        "proto",
        '{"alertname":"A","constructor":"c"}',
        '{"__proto__":{"polluted":"yes"},"summary":"s"}',
      ),
    );
    expect(answer.status).toBe(400);
    expect(answer.json.problems).toEqual([
      {
        field: "alerts[0].labels.constructor",
        problem: "a key may not be named __proto__, constructor or prototype",
      },
      {
        field: "alerts[0].annotations.__proto__",
        problem: "a key may not be named __proto__, constructor or prototype",
      },
    ]);
    const nested = await post(
      "/webhooks/generic",
      '{"id":"p","title":"T","__proto__":{"polluted":"yes"},"labels":{"a":"b"}}',
    );
    expect(nested.status).toBe(400);
    expect(nested.json.problems).toEqual([
      { field: "__proto__", problem: "a key may not be named __proto__, constructor or prototype" },
    ]);
    notPolluted();
    expect(t.app.store.incidents.list()).toEqual([]);
    await stillServing();
  });

  it("a 100 KB label and bidi or zero-width characters in the title are taken and shown intact", async () => {
    const title = "\u202eDNS down\u200b in \u2067eu-de-1\u2069 \u200d💥";
    const big = "v".repeat(100_000);
    const answer = await post(
      "/webhooks/alertmanager",
      alertmanagerJson(
        "bidi",
        JSON.stringify({ alertname: "DnsDown", big }),
        JSON.stringify({ summary: title }),
      ),
    );
    expect(answer).toEqual({
      status: 200,
      json: { status: "stored", received: 1, changed: 1, incidents: ["INC-1"] },
    });
    const [alert] = t.app.store.alerts.listForIncident(1);
    expect(alert?.labels.big).toBe(big);
    expect(t.app.service.get(1)?.title).toBe(title);

    await t.app.drain();
    // The console room is named after the number, so the title cannot mangle it.
    expect(t.lines.join("\n").split("\n")).toContain(
      `[inc-1] firebreak: *INC-1* · SEV3 · investigating — ${title}`,
    );
    // `firebreak incidents` and `incidents --json` show the title as sent.
    const incidents = t.app.store.incidents.list();
    const table = formatIncidentTable(incidents, "UTC").split("\n");
    expect(table[1]?.startsWith("INC-1 ")).toBe(true);
    expect(table[1]?.endsWith(title)).toBe(true);
    expect(incidents.map((incident) => incidentJson(incident, 1).title)).toEqual([title]);
    // A Slack channel name made from it stays within Slack's rules.
    expect(incidentChannelName("inc-", 1, title)).toBe("inc-1-dns-down-in-eu-de-1");

    // The generic webhook documents a 1024-character title: one more is a clear 400.
    const long = await post(
      "/webhooks/generic",
      JSON.stringify({ id: "long", title: "\u202e".repeat(1025) }),
    );
    expect(long.status).toBe(400);
    expect(long.json).toMatchObject({
      error: "invalid_payload",
      problems: [expect.objectContaining({ field: "title" })],
    });
    const fits = await post(
      "/webhooks/generic",
      JSON.stringify({ id: "fits", title: `\u200b${"\u202e".repeat(1023)}`, labels: { big } }),
    );
    expect(fits.status).toBe(200);
  });

  it("an alert with a blank summary still opens an incident, under its name or its source", async () => {
    const sent = [
      ["alertmanager", alertmanagerJson("empty", '{"alertname":"DiskFull"}', '{"summary":""}')],
      ["alertmanager", alertmanagerJson("spaces", '{"alertname":"DiskFull2"}', '{"summary":"  "}')],
      ["alertmanager", alertmanagerJson(" ", '{"alertname":" "}', '{"summary":"\\t"}')],
      [
        "pagerduty",
        JSON.stringify({
          ...fixture("pagerduty-trigger.json"),
          payload: { summary: " ", source: "host-1", severity: "error" },
        }),
      ],
    ] as const;
    for (const [source, body] of sent) {
      const answer = await post(`/webhooks/${source}`, body);
      expect(answer.status, body).toBeLessThan(300);
    }
    expect(
      t.app.store.incidents
        .list()
        .map((incident) => incident.title)
        .sort(),
    ).toEqual(["Alert from Alertmanager", "Alert from PagerDuty", "DiskFull", "DiskFull2"]);
  });

  it("any incident title gives a valid Slack channel name", () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 1, max: 1_000_000 }), (title, number) => {
        const name = incidentChannelName("inc-", number, title);
        expect(name).toMatch(/^[a-z0-9_-]+$/);
        expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
        expect(name.startsWith(`inc-${number}`)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("a body of random bytes gets a 400 that says why, and nothing is stored", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("alertmanager", "grafana", "pagerduty", "generic"),
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        async (source, bytes) => {
          const answer = await post(`/webhooks/${source}`, bytes);
          expect(answer.status).toBe(400);
          let parses = true;
          try {
            JSON.parse(Buffer.from(bytes).toString("utf8"));
          } catch {
            parses = false;
          }
          // Random bytes are almost never JSON; when they are ("7"), they are not an alert.
          expect(answer.json.error).toBe(parses ? "invalid_payload" : "invalid_json");
          expect(String(answer.json.message)).toMatch(
            parses ? /^Not an? / : /^The body is not valid JSON: /,
          );
        },
      ),
      { numRuns: 150 },
    );
    const empty = await post("/webhooks/generic", Buffer.alloc(0));
    expect(empty).toEqual({
      status: 400,
      json: { error: "empty_body", message: "The body is empty; expected a JSON object." },
    });
    expect(t.app.store.incidents.list()).toEqual([]);
    await stillServing();
  });
});

describe("the HTTP intake with a small configured body limit", () => {
  it("honours config.bodyLimitBytes", async () => {
    const t = await startConsoleApp({ config: { bodyLimitBytes: 2048 } });
    try {
      const post = (body: string) =>
        fetch(`${t.address}/webhooks/generic`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
      const small = JSON.stringify({ id: "small", title: "x".repeat(1000) });
      expect((await post(small)).status).toBe(200);
      const large = await post(
        JSON.stringify({ id: "large", title: "x", description: "y".repeat(2048) }),
      );
      expect(large.status).toBe(413);
      expect(await large.json()).toMatchObject({ error: "payload_too_large" });
      expect(t.app.store.incidents.list()).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
