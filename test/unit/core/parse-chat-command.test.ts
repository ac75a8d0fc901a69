import { describe, expect, it } from "vitest";
import { COMMAND_SPECS, findCommandSpec } from "../../../src/core/chat-command-specs.ts";
import { commandHelp, generalHelp, usageLine } from "../../../src/core/command-help.ts";
import {
  DEFAULT_PREFIXES,
  type ParsedCommand,
  type ParseResult,
  parseChatCommand,
} from "../../../src/core/parse-chat-command.ts";

const DECLARE_USAGE = "!inc declare <title…> [--sev N] [--service S] [--private]";
const STATUS_USAGE = "!inc status <investigating|identified|monitoring|resolved> [text…]";
const ROLE_USAGE = "!inc role <commander|comms|scribe|ops> <user>";

function parse(text: string, prefix = "!inc"): ParseResult {
  return parseChatCommand(text, prefix);
}

function ok(text: string, prefix = "!inc"): ParsedCommand {
  const result = parse(text, prefix);
  if (result.kind !== "ok")
    throw new Error(`expected ${text} to parse, got ${JSON.stringify(result)}`);
  return result.command;
}

function failure(text: string, prefix = "!inc"): { message: string; usage: string | undefined } {
  const result = parse(text, prefix);
  if (result.kind !== "error") {
    throw new Error(`expected ${text} to be an error, got ${JSON.stringify(result)}`);
  }
  return { message: result.message, usage: result.usage };
}

describe("command table", () => {
  it("has exactly the sub-commands this parser is tested for", () => {
    expect(COMMAND_SPECS.map((spec) => spec.id)).toEqual([
      "declare",
      "ack",
      "status",
      "sev",
      "role",
      "update",
      "note",
      "timeline",
      "resolve",
      "run",
      "commands",
      "confirm",
      "action",
      "postmortem",
      "list",
      "accept",
      "decline",
      "merge",
      "help",
    ]);
  });

  it("finds a spec by its id only", () => {
    expect(findCommandSpec("status")?.id).toBe("status");
    expect(findCommandSpec("stat")).toBeUndefined();
  });

  it("parses every sub-command's own example", () => {
    for (const spec of COMMAND_SPECS) {
      for (const example of spec.examples) {
        expect(ok(`!inc ${example}`).id).toBe(spec.id);
      }
    }
  });
});

describe("prefixes", () => {
  it("accepts !inc, /incident and /inc", () => {
    expect([...DEFAULT_PREFIXES]).toEqual(["!inc", "/incident", "/inc"]);
    expect(ok("!inc ack")).toEqual({ id: "ack", args: {}, options: {} });
    expect(ok("/incident ack", "/incident")).toEqual({ id: "ack", args: {}, options: {} });
    expect(ok("/inc ack", "/inc")).toEqual({ id: "ack", args: {}, options: {} });
  });

  it("does not treat words that merely start with a prefix as commands", () => {
    expect(parse("!incident ack")).toEqual({ kind: "not-a-command" });
    expect(parse("!incx ack")).toEqual({ kind: "not-a-command" });
    expect(parse("/incidents ack")).toEqual({ kind: "not-a-command" });
    expect(parse("!incx")).toEqual({ kind: "not-a-command" });
  });

  it("ignores ordinary chat, including a prefix in the middle of a line", () => {
    expect(parse("the db is down")).toEqual({ kind: "not-a-command" });
    expect(parse("try !inc ack")).toEqual({ kind: "not-a-command" });
    expect(parse("")).toEqual({ kind: "not-a-command" });
  });

  it("gives help for a bare prefix", () => {
    const help = { kind: "ok", command: { id: "help", args: {}, options: {} } };
    expect(parse("!inc")).toEqual(help);
    expect(parse("  !inc  ")).toEqual(help);
    expect(parse("/incident", "/incident")).toEqual(help);
    expect(parse("/inc", "/inc")).toEqual(help);
  });

  it("allows whitespace around the prefix, including a newline after it", () => {
    expect(ok("  !inc   ack  ").id).toBe("ack");
    expect(ok("!inc\nack").id).toBe("ack");
  });

  it("honours a custom prefix list", () => {
    expect(parseChatCommand("!fb ack", "!fb", ["!fb"])).toEqual({
      kind: "ok",
      command: { id: "ack", args: {}, options: {} },
    });
    expect(parseChatCommand("!inc ack", "!fb", ["!fb"])).toEqual({ kind: "not-a-command" });
  });

  it("matches the sub-command case-insensitively", () => {
    expect(ok("!inc ACK").id).toBe("ack");
    expect(ok("!inc Status Identified").args).toEqual({ status: "identified" });
  });
});

describe("declare", () => {
  it("takes the rest of the line as the title", () => {
    expect(ok("!inc declare Nova API slow in eu-de-1")).toEqual({
      id: "declare",
      args: { title: "Nova API slow in eu-de-1" },
      options: {},
    });
  });

  it("takes options after the title", () => {
    expect(ok("!inc declare Nova API slow --sev 2 --service nova-api --private")).toEqual({
      id: "declare",
      args: { title: "Nova API slow" },
      options: { sev: 2, service: "nova-api", private: true },
    });
  });

  it("takes options before the title", () => {
    expect(ok("!inc declare --sev 1 --private --service nova-api Nova API slow")).toEqual({
      id: "declare",
      args: { title: "Nova API slow" },
      options: { sev: 1, service: "nova-api", private: true },
    });
  });

  it("takes options in the middle of the title", () => {
    expect(ok("!inc declare Nova API --sev 2 slow")).toEqual({
      id: "declare",
      args: { title: "Nova API slow" },
      options: { sev: 2 },
    });
  });

  it("accepts --name=value and sev-style severities", () => {
    expect(ok("!inc declare Disk full --sev=sev4 --service=ceph")).toEqual({
      id: "declare",
      args: { title: "Disk full" },
      options: { sev: 4, service: "ceph" },
    });
  });

  it("takes a quoted title as one argument without the quotes", () => {
    expect(ok('!inc declare --sev 2 "Nova API slow --private" --service nova-api')).toEqual({
      id: "declare",
      args: { title: "Nova API slow --private" },
      options: { sev: 2, service: "nova-api" },
    });
    expect(ok("/incident declare “Login fails” --private", "/incident")).toEqual({
      id: "declare",
      args: { title: "Login fails" },
      options: { private: true },
    });
  });

  it("keeps the title's own spacing when no option follows it", () => {
    expect(ok("!inc declare --sev 3 API  slow").args).toEqual({ title: "API  slow" });
  });

  it("needs a title", () => {
    expect(failure("!inc declare")).toEqual({ message: "Missing <title>.", usage: DECLARE_USAGE });
    expect(failure("!inc declare --sev 2 --private")).toEqual({
      message: "Missing <title>.",
      usage: DECLARE_USAGE,
    });
    expect(failure('!inc declare ""')).toEqual({
      message: "Missing <title>.",
      usage: DECLARE_USAGE,
    });
  });

  it("rejects a bad severity with the allowed values", () => {
    expect(failure("!inc declare Nova --sev 5")).toEqual({
      message: '"5" is not a severity: use 1, 2, 3 or 4 (SEV1 is the worst).',
      usage: DECLARE_USAGE,
    });
    expect(failure("!inc declare Nova --sev high").message).toContain("use 1, 2, 3 or 4");
  });

  it("rejects an unknown option and lists the known ones", () => {
    expect(failure("!inc declare Nova --severity 2")).toEqual({
      message: "Unknown option --severity for declare. Options: --sev, --service, --private.",
      usage: DECLARE_USAGE,
    });
  });

  it("rejects an option that is missing its value", () => {
    expect(failure("!inc declare Nova --sev")).toEqual({
      message: "--sev needs a value.",
      usage: DECLARE_USAGE,
    });
    expect(failure("!inc declare Nova --service=").message).toBe("--service needs a value.");
  });

  it("does not take the next option as a missing value", () => {
    // Otherwise the incident would be public with a service called "--private".
    expect(failure("!inc declare Nova --service --private")).toEqual({
      message: "--service needs a value.",
      usage: DECLARE_USAGE,
    });
  });

  it("shows usage with the prefix the user typed", () => {
    expect(failure("/incident declare", "/incident").usage).toBe(
      "/incident declare <title…> [--sev N] [--service S] [--private]",
    );
  });
});

describe("ack, timeline and list", () => {
  it("take no arguments", () => {
    expect(ok("!inc ack")).toEqual({ id: "ack", args: {}, options: {} });
    expect(ok("!inc timeline")).toEqual({ id: "timeline", args: {}, options: {} });
    expect(ok("!inc list")).toEqual({ id: "list", args: {}, options: {} });
  });

  it("refuse extra arguments", () => {
    expect(failure("!inc ack now please")).toEqual({
      message: 'Unexpected "now please": ack takes no more arguments.',
      usage: "!inc ack",
    });
    expect(failure("!inc timeline all").message).toBe(
      'Unexpected "all": timeline takes no more arguments.',
    );
    expect(failure("!inc list --all").usage).toBe("!inc list");
  });
});

describe("status", () => {
  it("takes a status without text", () => {
    expect(ok("!inc status investigating")).toEqual({
      id: "status",
      args: { status: "investigating" },
      options: {},
    });
  });

  it("takes a status with text", () => {
    expect(ok("!inc status identified stuck rabbitmq consumer on ctl-1")).toEqual({
      id: "status",
      args: { status: "identified", text: "stuck rabbitmq consumer on ctl-1" },
      options: {},
    });
  });

  it("accepts every response status", () => {
    for (const status of ["investigating", "identified", "monitoring", "resolved"]) {
      expect(ok(`!inc status ${status}`).args).toEqual({ status });
    }
  });

  it("rejects statuses a responder cannot set or that do not exist", () => {
    expect(failure("!inc status fixed")).toEqual({
      message:
        '"fixed" is not a valid status: use one of investigating, identified, monitoring, resolved.',
      usage: STATUS_USAGE,
    });
    expect(failure("!inc status closed").message).toContain('"closed" is not a valid status');
    expect(failure("!inc status triage").message).toContain('"triage" is not a valid status');
  });

  it("needs a status", () => {
    expect(failure("!inc status")).toEqual({ message: "Missing <status>.", usage: STATUS_USAGE });
  });
});

describe("sev", () => {
  it("accepts 2 and sev2", () => {
    expect(ok("!inc sev 2")).toEqual({ id: "sev", args: { severity: 2 }, options: {} });
    expect(ok("!inc sev sev2")).toEqual({ id: "sev", args: { severity: 2 }, options: {} });
    expect(ok("!inc sev SEV1").args).toEqual({ severity: 1 });
  });

  it("rejects a severity outside 1-4", () => {
    expect(failure("!inc sev 5")).toEqual({
      message: '"5" is not a severity: use 1, 2, 3 or 4 (SEV1 is the worst).',
      usage: "!inc sev <1-4>",
    });
    expect(failure("!inc sev 0").message).toContain("use 1, 2, 3 or 4");
  });

  it("needs a severity and takes only one", () => {
    expect(failure("!inc sev")).toEqual({
      message: "Missing <severity>.",
      usage: "!inc sev <1-4>",
    });
    expect(failure("!inc sev 2 3")).toEqual({
      message: 'Unexpected "3": sev takes no more arguments.',
      usage: "!inc sev <1-4>",
    });
  });
});

describe("role", () => {
  it("drops the @ of a plain user name", () => {
    expect(ok("!inc role comms @carol")).toEqual({
      id: "role",
      args: { role: "comms", user: "carol" },
      options: {},
    });
    expect(ok("!inc role scribe dave").args).toEqual({ role: "scribe", user: "dave" });
  });

  it("keeps Matrix IDs intact", () => {
    expect(ok("!inc role commander @bob:example.org").args).toEqual({
      role: "commander",
      user: "@bob:example.org",
    });
  });

  it("accepts every role, case-insensitively", () => {
    for (const role of ["commander", "comms", "scribe", "ops"]) {
      expect(ok(`!inc role ${role.toUpperCase()} @x`).args).toEqual({ role, user: "x" });
    }
  });

  it("rejects an unknown role", () => {
    expect(failure("!inc role boss @carol")).toEqual({
      message: '"boss" is not a valid role: use one of commander, comms, scribe, ops.',
      usage: ROLE_USAGE,
    });
  });

  it("needs a user", () => {
    expect(failure("!inc role comms")).toEqual({ message: "Missing <user>.", usage: ROLE_USAGE });
    expect(failure("!inc role")).toEqual({ message: "Missing <role>.", usage: ROLE_USAGE });
  });

  it("refuses a bare @ or an empty name", () => {
    expect(failure("!inc role comms @")).toEqual({
      message: "Name the user, like @alice.",
      usage: ROLE_USAGE,
    });
    expect(failure('!inc role comms ""').message).toBe("Name the user, like @alice.");
  });

  it("assigns one user at a time", () => {
    expect(failure("!inc role comms @carol @dave").message).toBe(
      'Unexpected "@dave": role takes no more arguments.',
    );
  });
});

describe("update and note", () => {
  it("take the rest of the line as text", () => {
    expect(ok("!inc update Server creation is slow; we are investigating.")).toEqual({
      id: "update",
      args: { text: "Server creation is slow; we are investigating." },
      options: {},
    });
    expect(ok("!inc note nova-conductor at 100% CPU")).toEqual({
      id: "note",
      args: { text: "nova-conductor at 100% CPU" },
      options: {},
    });
  });

  it("keep the raw text: newlines, spacing, inner quotes and --force", () => {
    const text = 'ran `systemctl restart nova`  --force\nsaid "it\'s back"\n  ‘maybe’';
    expect(ok(`!inc note ${text}`).args).toEqual({ text });
    expect(ok(`!inc update ${text}`).args).toEqual({ text });
  });

  it("unwrap text that is one quoted stretch", () => {
    expect(ok('!inc note "restart --force done"').args).toEqual({ text: "restart --force done" });
  });

  it("need text", () => {
    expect(failure("!inc note")).toEqual({
      message: "Missing <text>.",
      usage: "!inc note <text…>",
    });
    expect(failure("!inc update")).toEqual({
      message: "Missing <text>.",
      usage: "!inc update <text…> [--impact TEXT] [--next MINUTES]",
    });
  });
});

describe("resolve", () => {
  it("works without a summary", () => {
    expect(ok("!inc resolve")).toEqual({ id: "resolve", args: {}, options: {} });
  });

  it("takes the rest of the line as the summary", () => {
    expect(ok("!inc resolve latency normal for 20 minutes after the restart")).toEqual({
      id: "resolve",
      args: { summary: "latency normal for 20 minutes after the restart" },
      options: {},
    });
  });
});

describe("help", () => {
  it("works with and without a sub-command", () => {
    expect(ok("!inc help")).toEqual({ id: "help", args: {}, options: {} });
    expect(ok("!inc help status")).toEqual({ id: "help", args: { sub: "status" }, options: {} });
  });

  it("takes a single sub-command", () => {
    expect(failure("!inc help status sev").message).toBe(
      'Unexpected "sev": help takes no more arguments.',
    );
  });
});

describe("unknown sub-commands", () => {
  it("suggests the closest command for a typo", () => {
    expect(failure("!inc stauts identified")).toEqual({
      message: 'Unknown sub-command "stauts". Did you mean !inc status? !inc help lists them all.',
      usage: undefined,
    });
    expect(failure("!inc ak").message).toBe(
      'Unknown sub-command "ak". Did you mean !inc ack? !inc help lists them all.',
    );
    expect(failure("/incident declar Nova", "/incident").message).toContain(
      "Did you mean /incident declare?",
    );
  });

  it("does not guess when nothing is close", () => {
    expect(failure("!inc frobnicate")).toEqual({
      message: 'Unknown sub-command "frobnicate". !inc help lists them all.',
      usage: undefined,
    });
  });

  it("does not run commands the design lists but this build lacks", () => {
    expect(failure("!inc rollback nova").message).toContain('Unknown sub-command "rollback"');
  });
});

describe("generalHelp", () => {
  it("lists every command with its usage line and summary", () => {
    const help = generalHelp("!inc");
    const lines = help.split("\n");
    expect(lines[0]).toBe("Firebreak commands (!inc help <sub> for details):");
    expect(lines).toHaveLength(COMMAND_SPECS.length + 1);
    for (const spec of COMMAND_SPECS) {
      expect(lines).toContain(`• ${usageLine(spec, "!inc")} — ${spec.summary}`);
    }
  });

  it("shows the usage lines a user types", () => {
    const help = generalHelp("/incident");
    expect(help).toContain(
      "• /incident declare <title…> [--sev N] [--service S] [--private] — open an incident by hand",
    );
    expect(help).toContain(
      "• /incident status <investigating|identified|monitoring|resolved> [text…] — change status",
    );
    expect(help).toContain("• /incident sev <1-4> — change severity (SEV1 is the worst)");
    expect(help).toContain("• /incident role <commander|comms|scribe|ops> <user> — assign a role");
    expect(help).toContain("• /incident resolve [summary…] — resolve the incident");
    expect(help).toContain("• /incident help [sub] — show help");
    expect(help).not.toContain("!inc");
  });
});

describe("commandHelp", () => {
  it("shows usage, summary, options and an example for declare", () => {
    expect(commandHelp("declare", "!inc")).toBe(
      [
        `Usage: ${DECLARE_USAGE}`,
        "open an incident by hand (works in any room)",
        "  --sev  severity 1-4 (default 3)",
        "  --service  affected service",
        "  --private  invite-only room, left out of public pages",
        "Example: !inc declare Nova API slow in eu-de-1 --sev 2 --service nova-api",
      ].join("\n"),
    );
  });

  it("says when a command must run in the incident's room", () => {
    expect(commandHelp("status", "/inc")).toBe(
      [
        "Usage: /inc status <investigating|identified|monitoring|resolved> [text…]",
        "change status",
        "Run it in the incident's room.",
        "Example: /inc status identified stuck rabbitmq consumer on ctl-1",
      ].join("\n"),
    );
  });

  it("has nothing for an unknown command", () => {
    expect(commandHelp("stauts", "!inc")).toBeUndefined();
  });
});

describe("action and postmortem", () => {
  it("parses an action item with owner and due date in any position", () => {
    expect(
      parseChatCommand("!inc action --owner @bob Alert on consumer acks --due 2026-12-04", "!inc"),
    ).toEqual({
      kind: "ok",
      command: {
        id: "action",
        args: { text: "Alert on consumer acks" },
        options: { owner: "bob", due: "2026-12-04" },
      },
    });
  });

  it("rejects a due date that is not YYYY-MM-DD", () => {
    const result = parseChatCommand("!inc action Fix it --due tomorrow", "!inc");
    expect(result).toMatchObject({
      kind: "error",
      message: '"tomorrow" is not a date for --due: write it as YYYY-MM-DD.',
    });
  });

  it("parses postmortem steps and a quoted waiver", () => {
    expect(parseChatCommand("!inc postmortem", "!inc")).toMatchObject({
      command: { id: "postmortem", args: {} },
    });
    expect(
      parseChatCommand('!inc postmortem publish --waive "quoted customer words"', "!inc"),
    ).toMatchObject({
      command: {
        id: "postmortem",
        args: { step: "publish" },
        options: { waive: "quoted customer words" },
      },
    });
    expect(parseChatCommand("!inc postmortem ship", "!inc")).toMatchObject({ kind: "error" });
  });
});

describe("status updates", () => {
  it("take impact and the next update time", () => {
    expect(ok('!inc update Token checks slow --impact "logins fail for 30%" --next 30m')).toEqual({
      id: "update",
      args: { text: "Token checks slow" },
      options: { impact: "logins fail for 30%", next: 30 },
    });
    expect(ok("!inc update Still slow --next 2h").options).toEqual({ next: 120 });
    expect(failure("!inc update Still slow --next soon").message).toContain(
      '"soon" is not a duration for --next',
    );
  });

  it("treat unknown --words in the text as text, but catch mistyped options", () => {
    expect(ok("!inc update ran nova-manage --force, slow").args).toEqual({
      text: "ran nova-manage --force, slow",
    });
    expect(failure("!inc update slow --impcat users").message).toContain("Unknown option --impcat");
    expect(failure("!inc declare DB down --sevv 2").message).toContain("Unknown option --sevv");
  });
});

describe("unclosed quotes", () => {
  it("are refused with where the quote opened, instead of swallowing the flags after them", () => {
    expect(failure('!inc declare "Title --sev 2')).toEqual({
      message: 'Unclosed quote " at character 9: close it, or leave the quote out.',
      usage: DECLARE_USAGE,
    });
    expect(failure("!inc action “do thing --owner bob")).toEqual({
      message: "Unclosed quote “ at character 8: close it with ”, or leave the quote out.",
      usage: "!inc action <text…> [--owner USER] [--due YYYY-MM-DD]",
    });
  });

  it("count characters as people see them, emoji included", () => {
    expect(failure("!inc note 🔥🔥 'still burning").message).toContain("at character 9");
  });

  it("leave apostrophes inside words alone", () => {
    expect(ok("!inc note it's the rabbitmq consumer's fault").args).toEqual({
      text: "it's the rabbitmq consumer's fault",
    });
  });
});

describe("due dates", () => {
  it("refuse days that do not exist", () => {
    expect(failure("!inc action Fix it --due 2026-02-31").message).toBe(
      '"2026-02-31" is not a date for --due: February 2026 has 28 days.',
    );
    expect(failure("!inc action Fix it --due 2028-02-30").message).toBe(
      '"2028-02-30" is not a date for --due: February 2028 has 29 days.',
    );
    expect(failure("!inc action Fix it --due 2026-13-01").message).toBe(
      '"2026-13-01" is not a date for --due: there is no month 13.',
    );
    expect(failure("!inc action Fix it --due 2026-04-00").message).toBe(
      '"2026-04-00" is not a date for --due: April 2026 has 30 days.',
    );
  });

  it("accept the last day of a month, leap days included", () => {
    expect(ok("!inc action Fix it --due 2028-02-29").options).toEqual({ due: "2028-02-29" });
    expect(ok("!inc action Fix it --due 2026-12-31").options).toEqual({ due: "2026-12-31" });
  });
});

describe("size limits", () => {
  it("refuse a command over 4,000 characters, naming the limit", () => {
    const result = failure(`!inc note ${"x".repeat(300_000)}`);
    expect(result.message).toBe(
      "That command is 300,005 characters long; a command may be at most 4,000. Put long text in a document and link it.",
    );
    expect(ok(`!inc note ${"x".repeat(3_995)}`).args.text).toHaveLength(3_995);
  });

  it("count characters, not UTF-16 units, against the limit", () => {
    expect(ok(`!inc note ${"🔥".repeat(3_995)}`).id).toBe("note");
  });

  it("refuse a title over 200 characters", () => {
    expect(failure(`!inc declare ${"t".repeat(201)} --sev 2`)).toEqual({
      message:
        "The title is 201 characters long; a title may be at most 200. Put the details in a note.",
      usage: DECLARE_USAGE,
    });
    expect(ok(`!inc declare ${"t".repeat(200)}`).args.title).toHaveLength(200);
  });
});
