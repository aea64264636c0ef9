import { Command, CommanderError } from "commander";
import { GalenError } from "../galen-error.ts";
import { evalCommand } from "./commands/eval.ts";
import { ingestCommand } from "./commands/ingest.ts";
import { searchCommand } from "./commands/search.ts";
import { statsCommand } from "./commands/stats.ts";

export function galenProgram(): Command {
  const program = new Command("galen")
    .description("Galen: a self-hosted medical evidence engine")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  ingestCommand(program);
  statsCommand(program);
  searchCommand(program);
  evalCommand(program);
  return program;
}

/** Runs the CLI; problems the user can fix print one line (or a JSON error with --json) and a non-zero exit. */
export async function runGalen(argv: readonly string[]): Promise<number> {
  const json = argv.includes("--json");
  try {
    await galenProgram().parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof GalenError) {
      if (json) process.stdout.write(`${JSON.stringify({ error: error.message })}\n`);
      process.stderr.write(`galen: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
