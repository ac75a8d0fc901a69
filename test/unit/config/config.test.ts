import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/config.ts";

describe("loadConfig", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-config-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (text: string) => {
    const file = join(dir, "firebreak.yaml");
    writeFileSync(file, text);
    return file;
  };

  it("refuses an alias bomb as a config error naming the file, instead of crashing", () => {
    const file = write(
      [
        "a: &a [x, x, x, x, x, x, x, x, x, x]",
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
      ].join("\n"),
    );
    expect(() => loadConfig({ cwd: dir }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ cwd: dir }, {})).toThrow(`${file}: not usable YAML:`);
  });

  it("has safe defaults without a file", () => {
    const config = loadConfig({ cwd: dir }, {});
    expect(config.configFile).toBeUndefined();
    expect(config.host).toBe("127.0.0.1");
    expect(config.port).toBe(8787);
    expect(config.dataDir).toBe(join(dir, "data"));
    expect(config.commandsDir).toBe(join(dir, "commands"));
    expect(config.templatesDir).toBe(join(dir, "templates"));
    expect(config.publishDir).toBe(join(dir, "public"));
    expect(config.timeZone).toBe("UTC");
    expect(config.webhookToken).toBeUndefined();
    expect(config.severityMap.critical).toBe(1);
  });

  it("reads firebreak.yaml from the working directory, paths relative to the file", () => {
    write("server:\n  port: 9000\ndataDir: state\ndisplay:\n  timeZone: Europe/Berlin\n");
    const config = loadConfig({ cwd: dir }, {});
    expect(config.configFile).toBe(join(dir, "firebreak.yaml"));
    expect(config.port).toBe(9000);
    expect(config.dataDir).toBe(join(dir, "state"));
    expect(config.timeZone).toBe("Europe/Berlin");
  });

  it("lets the environment override the file", () => {
    write("server:\n  port: 9000\n  host: 127.0.0.2\n");
    const config = loadConfig(
      { cwd: dir },
      {
        FIREBREAK_PORT: "9100",
        FIREBREAK_HOST: "127.0.0.3",
        FIREBREAK_DATA_DIR: "/var/lib/firebreak",
        FIREBREAK_WEBHOOK_TOKEN: "s3cret",
      },
    );
    expect(config.port).toBe(9100);
    expect(config.host).toBe("127.0.0.3");
    expect(config.dataDir).toBe("/var/lib/firebreak");
    expect(config.webhookToken).toBe("s3cret");
  });

  it("merges a custom severity map over the defaults", () => {
    write("alerts:\n  severityMap:\n    disaster: 1\n    warning: 4\n");
    const config = loadConfig({ cwd: dir }, {});
    expect(config.severityMap.disaster).toBe(1);
    expect(config.severityMap.warning).toBe(4);
    expect(config.severityMap.critical).toBe(1);
  });

  it("names the file, the key and what was expected for a bad value", () => {
    const file = write("server:\n  port: eighty\n");
    expect(() => loadConfig({ cwd: dir }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ cwd: dir }, {})).toThrow(
      `${file}: server.port: expected a port number`,
    );
  });

  it("rejects unknown keys, which are usually typos", () => {
    write("sever:\n  port: 1\n");
    expect(() => loadConfig({ cwd: dir }, {})).toThrow(/firebreak\.yaml: .*sever/);
  });

  it("refuses a configuration file over 1 MiB without reading it, saying the size and the limit", () => {
    const settings = "server:\n  port: 9000\n";
    const padding = (bytes: number) => `# ${"x".repeat(bytes - settings.length - 3)}\n`;
    const file = write(settings + padding(10_000_000));
    const started = performance.now();
    expect(() => loadConfig({ cwd: dir }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ cwd: dir }, {})).toThrow(
      `${file} is 10.0 MB; a configuration file may be at most 1 MiB.`,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    // The limit itself is allowed.
    write(settings + padding(1024 * 1024));
    expect(loadConfig({ cwd: dir }, {}).port).toBe(9000);
    write(settings + padding(1024 * 1024 + 1));
    expect(() => loadConfig({ cwd: dir }, {})).toThrow(
      "is 1.0 MB; a configuration file may be at most 1 MiB.",
    );
  });

  it("shows an invisible character in a key escaped, so the key can be found", () => {
    const file = write(
      'server:\n  p\u200bort: 8787\nalerts:\n  severityMap:\n    "cr\u200bit\u202e": 9\n',
    );
    const message = (() => {
      try {
        loadConfig({ cwd: dir }, {});
      } catch (error) {
        return (error as Error).message;
      }
      return "loaded";
    })();
    expect(message.split("\n")).toEqual([
      `${file}: server: Unrecognized key: "p\\u200bort"`,
      `${file}: alerts.severityMap.cr\\u200bit\\u202e: expected a severity 1, 2, 3 or 4`,
    ]);
  });

  it("rejects an unknown time zone and a bad severity", () => {
    write("display:\n  timeZone: Mars/Olympus\nalerts:\n  defaultSeverity: 7\n");
    let message = "";
    try {
      loadConfig({ cwd: dir }, {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("display.timeZone: expected an IANA time zone");
    expect(message).toContain("alerts.defaultSeverity: expected a severity 1, 2, 3 or 4");
  });

  it("reports YAML syntax errors and a missing named file", () => {
    write("server: [unclosed\n");
    expect(() => loadConfig({ cwd: dir }, {})).toThrow(/not valid YAML/);
    expect(() => loadConfig({ cwd: dir, configFile: "nope.yaml" }, {})).toThrow(
      /nope\.yaml: cannot read it \(ENOENT\)/,
    );
  });

  it("rejects a bad FIREBREAK_PORT by name", () => {
    expect(() => loadConfig({ cwd: dir }, { FIREBREAK_PORT: "http" })).toThrow(
      'FIREBREAK_PORT: expected a port number from 0 to 65535, got "http"',
    );
  });

  it("accepts the shipped example configuration", () => {
    const config = loadConfig(
      { configFile: join(import.meta.dirname, "..", "..", "..", "firebreak.example.yaml") },
      {},
    );
    expect(config.consoleRoom).toBe("general");
  });
});
