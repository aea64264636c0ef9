#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so an install needs no build step.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// The project's tsconfig, wherever galen is run from: it sets how the pages' JSX compiles.
register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
// A reader that stops early (`galen search … | head`) ends the run quietly, as it would any command-line tool.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(0);
});
const { runGalen } = await import("../src/cli/main.ts");
process.exitCode = await runGalen(process.argv.slice(2));
