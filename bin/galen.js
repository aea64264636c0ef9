#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so an install needs no build step.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// The project's tsconfig, wherever galen is run from: it sets how the pages' JSX compiles.
register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { runGalen } = await import("../src/cli/main.ts");
process.exitCode = await runGalen(process.argv.slice(2));
