import { type Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_DB_PATH, type StoreLocation } from "../store/index.ts";

export interface CommonOptions {
  db?: string;
  databaseUrl?: string;
  json?: boolean;
}

/** Every command takes the store location and --json (DESIGN.md, "Contracts"). */
export function withCommonOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--db <path>", `SQLite database file (default: ${DEFAULT_DB_PATH})`).env("GALEN_DB"),
    )
    .addOption(
      new Option("--database-url <url>", "PostgreSQL connection URL (instead of --db)").env(
        "GALEN_DATABASE_URL",
      ),
    )
    .option("--json", "print machine-readable JSON on stdout");
}

export function storeLocation(options: CommonOptions): StoreLocation {
  return {
    ...(options.db ? { db: options.db } : {}),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Commander parser for counts such as -k and --batch-size. */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new InvalidArgumentError("Expected a whole number above 0.");
  return number;
}

/** Commander parser for --port (0 lets the system choose a free port). */
export function portNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535)
    throw new InvalidArgumentError("Expected a port from 0 to 65535.");
  return number;
}
