// The bench's processes load Firebreak's modules the way `firebreak` (src/cli.ts) does: with its
// resolve hook for ESM packages and Node's compile cache. Without them, importing drizzle-orm and
// date-fns alone leaves some 200 MB of garbage on Node 24 (see loadPackagesFaster in src/cli.ts),
// and every memory figure would measure that instead of Firebreak. Keep this a copy of src/cli.ts's
// function: cli.ts runs the command line when imported, so it cannot be imported from here.
// Call it first, then import Firebreak's modules dynamically (static imports resolve before it).
import { existsSync, lstatSync, readFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function loadPackagesFaster(): void {
  const { registerHooks } = nodeModule; // Node >= 22.15; older versions load the slow way.
  if (typeof registerHooks !== "function") return;
  const esmFolders = new Map<string, boolean>();
  const isEsmFolder = (dir: string): boolean => {
    let esm = esmFolders.get(dir);
    if (esm === undefined) {
      const manifest = join(dir, "package.json");
      if (existsSync(manifest)) {
        try {
          esm =
            (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type === "module";
        } catch {
          esm = false;
        }
      } else {
        const parent = dirname(dir);
        esm = parent !== dir && basename(parent) !== "node_modules" && isEsmFolder(parent);
      }
      esmFolders.set(dir, esm);
    }
    return esm;
  };
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL;
      if (
        parent?.startsWith("file:") &&
        parent.includes("/node_modules/") &&
        context.conditions.includes("import") &&
        (specifier.startsWith("./") || specifier.startsWith("../")) &&
        specifier.endsWith(".js")
      ) {
        const url = new URL(specifier, parent);
        const file = fileURLToPath(url);
        // A missing file or a symbolic link: Node's own errors and real paths.
        const isPlainFile = lstatSync(file, { throwIfNoEntry: false })?.isFile() === true;
        if (isPlainFile && isEsmFolder(dirname(file))) {
          return { url: url.href, format: "module", shortCircuit: true };
        }
      }
      return nextResolve(specifier, context);
    },
  });
}

/** Both, as src/cli.ts does before it imports anything heavy. */
export function loadLikeTheCli(): void {
  loadPackagesFaster();
  nodeModule.enableCompileCache?.();
}
