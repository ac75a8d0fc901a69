import { existsSync, lstatSync, readFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Node 24's ESM loader looks up the nearest package.json for every file it loads, to learn whether
 * `.js` is ESM, and copying that record parses the package's whole `exports` map again each time
 * (getPackageScopeConfig in lib/internal/modules/package_json_reader.js). drizzle-orm's and
 * date-fns's maps are about 190 KB and they load hundreds of files: half a second and some 200 MB
 * of garbage before Firebreak does anything. For a relative `.js` import, by a file of an ESM
 * package ("type": "module", read once per folder), of a file that is there, the answer is the
 * URL and "module" — exactly what Node would find; everything else goes to Node's own resolution.
 * Registered before anything heavy is imported: every command below imports what it needs when
 * it runs.
 */
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

/** What the `firebreak` command does before it imports anything heavy (the bench does it too). */
export function loadLikeTheCli(): void {
  loadPackagesFaster();
  // Keep V8's compiled code (and the TypeScript already stripped) on disk between runs, in the
  // system temp folder; a restart then skips most of the parsing. NODE_DISABLE_COMPILE_CACHE=1 opts out.
  nodeModule.enableCompileCache?.();
}
