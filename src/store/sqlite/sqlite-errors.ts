import { GalenError } from "../../galen-error.ts";

interface SqliteError extends Error {
  code: string;
}

function isSqliteError(error: unknown): error is SqliteError {
  return error instanceof Error && typeof (error as Partial<SqliteError>).code === "string";
}

/** Translates SQLite failures into one line that says what is wrong with the database file and what to do. */
export function explainSqliteError(error: unknown, path: string): unknown {
  if (!isSqliteError(error)) return error;
  const code = error.code;
  const say = (message: string) => new GalenError(message, 1, { cause: error });
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return say(
      `The database ${path} is locked by another process (another galen command?). Wait for it to finish or stop it, then run this again.`,
    );
  }
  if (code.startsWith("SQLITE_READONLY")) {
    return say(
      `The database ${path} is read-only. Make the file and its folder writable by this user, or choose another file with --db.`,
    );
  }
  if (code.startsWith("SQLITE_CANTOPEN")) {
    return say(
      `Cannot open the database ${path}: its folder is missing or not writable. Create the folder or choose another file with --db.`,
    );
  }
  if (code === "SQLITE_NOTADB") {
    return say(
      `${path} is not a SQLite database. Choose another file with --db (Galen creates a new one if it does not exist).`,
    );
  }
  if (code.startsWith("SQLITE_CORRUPT")) {
    return say(
      `The database ${path} is damaged (${error.message}). Restore it from a backup, or re-ingest into a new file.`,
    );
  }
  if (code === "SQLITE_FULL") {
    return say(
      `The disk holding ${path} is full. Free some space and run this again; nothing from the failed batch was kept.`,
    );
  }
  return error;
}
