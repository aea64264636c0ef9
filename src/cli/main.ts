import { Command, CommanderError } from "commander";
import { errorMessage, GalenError } from "../galen-error.ts";
import { askCommand } from "./commands/ask.ts";
import { auditCommand } from "./commands/audit.ts";
import { demoCommand } from "./commands/demo.ts";
import { embedCommand } from "./commands/embed.ts";
import { evalCommand } from "./commands/eval.ts";
import { ingestCommand } from "./commands/ingest.ts";
import { mcpCommand } from "./commands/mcp.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { reviewCommand } from "./commands/review.ts";
import { searchCommand } from "./commands/search.ts";
import { serveCommand } from "./commands/serve.ts";
import { statsCommand } from "./commands/stats.ts";
import { threadCommand } from "./commands/thread.ts";
import { userCommand } from "./commands/user.ts";
import { workerCommand } from "./commands/worker.ts";

export function galenProgram(): Command {
  const program = new Command("galen")
    .description("Galen: a self-hosted medical evidence engine")
    .version("0.1.0")
    // Usage errors are printed by runGalen as one "galen: " line (or JSON), like every other error.
    .configureOutput({ outputError: () => {} })
    .exitOverride();
  ingestCommand(program);
  statsCommand(program);
  searchCommand(program);
  askCommand(program);
  threadCommand(program);
  userCommand(program);
  reviewCommand(program);
  auditCommand(program);
  evalCommand(program);
  embedCommand(program);
  demoCommand(program);
  serveCommand(program);
  mcpCommand(program);
  migrateCommand(program);
  workerCommand(program);
  return program;
}

/** Runs the CLI; problems the user can fix print one line (or a JSON error with --json) and a non-zero exit. */
export async function runGalen(argv: readonly string[]): Promise<number> {
  const json = argv.includes("--json");
  try {
    await galenProgram().parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (COMMANDER_EXITS.has(error.code)) return error.exitCode;
      return report(usageError(error, argv), json);
    }
    if (error instanceof GalenError) return report(error, json);
    return reportBug(error, json);
  }
}

/** Anything else is Galen's fault, not the user's: one line, with the details on request. */
function reportBug(error: unknown, json: boolean): number {
  if (process.env.GALEN_DEBUG)
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  const message = `unexpected error: ${errorMessage(error)}. This is a bug in Galen; run again with GALEN_DEBUG=1 for details and report it.`;
  if (json) process.stdout.write(`${JSON.stringify({ error: message })}\n`);
  process.stderr.write(`galen: ${message}\n`);
  return 70;
}

/** Help and --version end through CommanderError too; they have printed what they should. */
const COMMANDER_EXITS = new Set(["commander.help", "commander.helpDisplayed", "commander.version"]);

function report(error: GalenError, json: boolean): number {
  if (json) process.stdout.write(`${JSON.stringify({ error: error.message })}\n`);
  process.stderr.write(`galen: ${error.message}\n`);
  return error.exitCode;
}

/** Commander's "error: option … is invalid." becomes one line that also says where the usage is. */
function usageError(error: CommanderError, argv: readonly string[]): GalenError {
  const known = new Set(galenProgram().commands.map((command) => command.name()));
  const command = argv.find((arg) => known.has(arg));
  // Commander puts its "(Did you mean …?)" on a second line; keep the one-line promise.
  const detail = error.message
    .replace(/^error: /, "")
    .replace(/\s*\n\s*/g, " ")
    .replace(/\.?$/, ".");
  const option = error.message.match(/unknown option '(.+)'/)?.[1];
  // A search for "-word" is read as an option; say how to search for it instead.
  const advice =
    command === "search" && option
      ? `To search for text that starts with "-", put -- before it: galen search -- ${option}`
      : `Run: galen ${command ? `${command} ` : ""}--help`;
  return new GalenError(`${detail} ${advice}`, 2, { cause: error });
}
