import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filesystemFault } from "../../src/core/filesystem-fault.ts";
import { databasePath } from "../../src/store/sqlite/open-database.ts";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.ts";
import { makeIncident, withoutNumber } from "../helpers/make-incident.ts";
import { oneErrorLine, runCli } from "./helpers/run-cli.ts";

/**
 * Issue 14, defect 6: file-system faults ended in raw stack traces. Each is now one `firebreak:`
 * line naming the path and what to do, with a non-zero exit. Tests may run as root, for whom
 * permissions do not fail, so most faults come from a regular file where a folder must be.
 */

let dir: string;
let aFile: string;
let dataDir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "firebreak-fs-faults-"));
  aFile = join(dir, "a-file");
  writeFileSync(aFile, "not a folder\n");
  dataDir = join(dir, "data");
  const store = openSqliteStore(dataDir);
  store.incidents.insert(withoutNumber(makeIncident({ openedAt: "2026-11-18T09:00:00Z" })));
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the database", () => {
  it("when the data dir is a file: names it and says to move it", async () => {
    const line = oneErrorLine(await runCli(["incidents"], { FIREBREAK_DATA_DIR: aFile }));
    expect(line).toContain(aFile);
    expect(line).toMatch(/a file stands where a folder is needed.*move it away/);
  });

  it("when firebreak.db is not a database: names the file and what to do", async () => {
    const other = join(dir, "garbage");
    mkdirSync(other);
    writeFileSync(databasePath(other), Buffer.alloc(8192, 7));
    const line = oneErrorLine(await runCli(["incidents"], { FIREBREAK_DATA_DIR: other }));
    expect(line).toContain(databasePath(other));
    expect(line).toMatch(/not a SQLite database.*FIREBREAK_DATA_DIR/);
  });

  it.skipIf(process.getuid?.() === 0)(
    "when the database is read-only: names it and asks for write access (not as root: root writes anyway)",
    async () => {
      const readOnly = join(dir, "read-only");
      openSqliteStore(readOnly).close();
      chmodSync(databasePath(readOnly), 0o400);
      chmodSync(readOnly, 0o500);
      try {
        const line = oneErrorLine(await runCli(["migrate"], { FIREBREAK_DATA_DIR: readOnly }));
        expect(line).toContain(databasePath(readOnly));
      } finally {
        chmodSync(readOnly, 0o700);
      }
    },
  );

  it("maps SQLite's real read-only error to that advice (what the test above checks as non-root)", () => {
    const file = databasePath(dataDir);
    const readOnly = new Database(file, { readonly: true });
    let error: unknown;
    try {
      readOnly.prepare("delete from incidents").run();
    } catch (caught) {
      error = caught;
    } finally {
      readOnly.close();
    }
    const fault = filesystemFault(error, file);
    expect(fault?.message).toMatch(
      /cannot be written: give the user running Firebreak write access/,
    );
    expect(fault?.message).toContain(file);
    expect(filesystemFault(new Error("a bug"), file)).toBeUndefined();
  });
});

describe("writing output", () => {
  it("site build --out under a file: names the folder", async () => {
    const out = join(aFile, "site");
    const line = oneErrorLine(
      await runCli(["site", "build", "--out", out], { FIREBREAK_DATA_DIR: dataDir }),
    );
    expect(line).toContain(out);
    expect(line).toMatch(/a file stands where a folder is needed/);
  });

  it("postmortem --out under a file, or onto a folder: names the path", async () => {
    const under = join(aFile, "INC-1.md");
    const first = oneErrorLine(
      await runCli(["postmortem", "1", "--out", under], { FIREBREAK_DATA_DIR: dataDir }),
    );
    expect(first).toContain(under);
    const onto = oneErrorLine(
      await runCli(["postmortem", "1", "--out", dir], { FIREBREAK_DATA_DIR: dataDir }),
    );
    expect(onto).toContain(dir);
    expect(onto).toMatch(/it is a folder: give a file name/);
  });
});
