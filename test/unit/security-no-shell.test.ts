import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Security review, no shell anywhere: every use of node:child_process in src/ (and bin/) is found
 * in the syntax tree — static imports, `import * as`, dynamic `import()` and `require` — and
 * checked: `exec`/`execSync` (which always use a shell) are not used at all, and every
 * spawn/execFile/fork call passes a literal options object without `shell` (or with
 * `shell: false`). Options the scan cannot see (a variable, a spread) count as a finding.
 *
 * Running a command's argv as literal argv elements (`a; $(rm -rf x)` stays one argument) is
 * already shown end to end in runbook-chat.test.ts, and without a shell in runbook-run.test.ts.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const MODULES = new Set(["child_process", "node:child_process"]);
const ALWAYS_SHELL = new Set(["exec", "execSync"]);
/** The index of the options argument of each function that can start a program. */
const OPTIONS_AT: Record<string, readonly number[]> = {
  spawn: [1, 2],
  spawnSync: [1, 2],
  execFile: [1, 2],
  execFileSync: [1, 2],
  fork: [1, 2],
};

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

interface Scan {
  readonly findings: Finding[];
  /** Calls that start a program, each checked: `file:line name`. */
  readonly calls: string[];
}

function isChildProcessSpecifier(node: ts.Node | undefined): boolean {
  return node !== undefined && ts.isStringLiteralLike(node) && MODULES.has(node.text);
}

/** Scans one file's source; `file` only names it in findings. */
function scanSource(file: string, source: string): Scan {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const calls: string[] = [];
  const line = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const report = (node: ts.Node, problem: string) =>
    findings.push({ file, line: line(node), problem });
  /** Local name -> child_process function name. */
  const functions = new Map<string, string>();
  /** Local names bound to the whole module. */
  const namespaces = new Set<string>();

  const bindPattern = (name: ts.BindingName, node: ts.Node) => {
    if (ts.isIdentifier(name)) namespaces.add(name.text);
    else if (ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        const imported = element.propertyName ?? element.name;
        if (ts.isIdentifier(imported) && ts.isIdentifier(element.name)) {
          functions.set(element.name.text, imported.text);
        } else report(node, "child_process destructured in a way the scan cannot follow");
      }
    } else report(node, "child_process bound in a way the scan cannot follow");
  };

  const collect = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && isChildProcessSpecifier(node.moduleSpecifier)) {
      const clause = node.importClause;
      if (clause?.name) namespaces.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          functions.set(element.name.text, (element.propertyName ?? element.name).text);
        }
      }
    }
    if (ts.isExportDeclaration(node) && isChildProcessSpecifier(node.moduleSpecifier)) {
      report(node, "re-exports child_process");
    }
    if (ts.isCallExpression(node)) {
      const loads =
        (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
          (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
        isChildProcessSpecifier(node.arguments[0]);
      if (loads) {
        let parent = node.parent;
        while (parent && (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent))) {
          parent = parent.parent;
        }
        if (parent && ts.isVariableDeclaration(parent)) bindPattern(parent.name, node);
        else report(node, "loads child_process without binding it to a name the scan can follow");
      }
    }
    ts.forEachChild(node, collect);
  };
  collect(sf);

  const check = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      let name: string | undefined;
      if (ts.isIdentifier(callee)) name = functions.get(callee.text);
      else if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        namespaces.has(callee.expression.text)
      ) {
        name = callee.name.text;
      }
      if (name !== undefined) {
        calls.push(`${file}:${line(node)} ${name}`);
        if (ALWAYS_SHELL.has(name)) report(node, `${name}() always runs a shell`);
        const at = OPTIONS_AT[name];
        if (at) checkOptions(node, name, at);
        else if (!ALWAYS_SHELL.has(name)) report(node, `${name}() is not a known safe call`);
      }
    }
    // A namespace passed around (or `cp["exec"]`) would hide calls from this scan.
    if (ts.isIdentifier(node) && namespaces.has(node.text)) {
      const parent = node.parent;
      const usedAsMember =
        ts.isPropertyAccessExpression(parent) &&
        parent.expression === node &&
        ts.isCallExpression(parent.parent) &&
        parent.parent.expression === parent;
      const declaration =
        ts.isImportClause(parent) ||
        ts.isNamespaceImport(parent) ||
        (ts.isVariableDeclaration(parent) && parent.name === node);
      if (!usedAsMember && !declaration) report(node, "child_process used other than by a call");
    }
    ts.forEachChild(node, check);
  };

  const checkOptions = (call: ts.CallExpression, name: string, at: readonly number[]) => {
    // spawn(file, args, options) or spawn(file, options): a function argument is a callback.
    const [second, third] = at.map((index) => call.arguments[index]);
    const notCallback = (arg: ts.Expression | undefined) =>
      arg !== undefined && !ts.isArrowFunction(arg) && !ts.isFunctionExpression(arg);
    const options = notCallback(third)
      ? third
      : notCallback(second) && !ts.isArrayLiteralExpression(second as ts.Expression)
        ? second
        : undefined;
    if (!options) return; // no options: no shell
    if (!ts.isObjectLiteralExpression(options)) {
      report(call, `${name}() options are not a literal object, so "shell" cannot be checked`);
      return;
    }
    for (const property of options.properties) {
      if (ts.isSpreadAssignment(property)) {
        report(property, `${name}() options spread in something that could set "shell"`);
        continue;
      }
      const key = property.name;
      const keyText =
        key && (ts.isIdentifier(key) || ts.isStringLiteralLike(key)) ? key.text : undefined;
      if (keyText === undefined) {
        report(property, `${name}() options have a computed key`);
        continue;
      }
      if (keyText !== "shell") continue;
      const isFalse =
        ts.isPropertyAssignment(property) &&
        property.initializer.kind === ts.SyntaxKind.FalseKeyword;
      if (!isFalse) report(property, `${name}() is given shell: ${property.getText(sf)}`);
    }
  };
  check(sf);
  return { findings, calls };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(?:[cm]?[jt]s)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("no shell anywhere", () => {
  it("src/ and bin/ start programs only with an argv and no shell", () => {
    const files = [...sourceFiles(join(ROOT, "src")), ...sourceFiles(join(ROOT, "bin"))];
    expect(files.length).toBeGreaterThan(50);
    const findings: Finding[] = [];
    const calls: string[] = [];
    for (const file of files) {
      const scan = scanSource(relative(ROOT, file), readFileSync(file, "utf8"));
      findings.push(...scan.findings);
      calls.push(...scan.calls);
    }
    expect(findings).toEqual([]);
    // The runbook runner does start programs: the scan must have found and checked it.
    expect(
      calls.some((call) => call.startsWith("src/runbook/runbook-exec.ts:") && / spawn$/.test(call)),
    ).toBe(true);
  });

  it("the scan finds what it is looking for (so an empty result above means something)", () => {
    const problems = (source: string) =>
      scanSource("example.ts", source).findings.map((finding) => finding.problem);
    expect(problems('import { exec } from "node:child_process";\nexec("ls");')).toEqual([
      "exec() always runs a shell",
    ]);
    expect(problems('import { execSync as run } from "child_process";\nrun("ls");')).toEqual([
      "execSync() always runs a shell",
    ]);
    expect(
      problems('import * as cp from "node:child_process";\ncp.spawn("ls", [], { shell: true });'),
    ).toEqual(["spawn() is given shell: shell: true"]);
    expect(
      problems(
        'import { execFile } from "node:child_process";\nexecFile("ls", ["-l"], { shell: "/bin/sh" });',
      ),
    ).toEqual(['execFile() is given shell: shell: "/bin/sh"']);
    expect(
      problems('import { spawn } from "node:child_process";\nconst o = {};\nspawn("ls", [], o);'),
    ).toEqual(['spawn() options are not a literal object, so "shell" cannot be checked']);
    expect(
      problems('import { spawn } from "node:child_process";\nspawn("ls", [], { ...o });'),
    ).toEqual(['spawn() options spread in something that could set "shell"']);
    expect(problems('const { exec } = await import("node:child_process");\nexec("ls");')).toEqual([
      "exec() always runs a shell",
    ]);
    expect(problems('const cp = require("child_process");\ncp.exec("ls");')).toEqual([
      "exec() always runs a shell",
    ]);
    expect(problems('import cp from "node:child_process";\nconst f = cp;')).toEqual([
      "child_process used other than by a call",
    ]);
    // What the runner does is fine.
    expect(
      problems(
        'import { spawn } from "node:child_process";\nspawn(p, rest, { shell: false, detached: true });\nspawn("ls", ["-l"]);',
      ),
    ).toEqual([]);
  });
});
