#!/usr/bin/env node
// Node 24 runs the TypeScript sources directly (type stripping), so there is no build step. The
// compile cache is switched on before anything is loaded, so later starts skip stripping and
// compiling (faster start-up, less memory).
import module from "node:module";

module.enableCompileCache?.();
await import("../src/cli/cli.ts");
