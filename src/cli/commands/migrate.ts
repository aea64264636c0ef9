import { existsSync } from "node:fs";
import type { Command } from "commander";
import { verifyAuditChain } from "../../editorial/audit-chain.ts";
import { GalenError } from "../../galen-error.ts";
import { copyInstallation } from "../../store/copy-installation.ts";
import { openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, printJson, storeLocation, withCommonOptions } from "../common-options.ts";

interface MigrateOptions extends CommonOptions {
  from?: string;
  to?: string;
}

export function migrateCommand(program: Command): void {
  withCommonOptions(
    program
      .command("migrate")
      .description(
        "bring a database's schema up to date, or copy a whole SQLite installation into an empty PostgreSQL database",
      )
      .option("--from <sqlite-file>", "with --to: the SQLite database to copy")
      .option("--to <postgres-url>", "with --from: the empty PostgreSQL database to copy it into"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  galen migrate --database-url postgres://galen@db/galen      # apply schema migrations\n" +
        "  galen migrate --from data/galen.db --to postgres://galen@db/galen\n" +
        "The copy keeps documents (with their times), articles with every version, comments, accounts and the\n" +
        "audit log (verified afterwards); people sign in again, and `galen embed` refills vectors.",
    )
    .action(async (options: MigrateOptions) => {
      if ((options.from === undefined) !== (options.to === undefined)) {
        throw new GalenError("Give both --from <sqlite-file> and --to <postgres-url>, or neither.", 2);
      }
      if (options.from && options.to) return copy(options.from, options.to, options.json === true);
      const store = await openCorpusStore(storeLocation(options));
      await store.close();
      if (options.json) return printJson({ migrated: true });
      process.stdout.write("The database schema is up to date.\n");
    });
}

async function copy(from: string, to: string, json: boolean): Promise<void> {
  if (!existsSync(from)) throw new GalenError(`There is no SQLite database at ${from}. Check the path.`, 2);
  if (!/^postgres(ql)?:\/\//.test(to)) {
    throw new GalenError(`--to must be a PostgreSQL URL (postgres://user@host/database), not "${to}".`, 2);
  }
  const source = await openCorpusStore({ db: from });
  const target = await openCorpusStore({ databaseUrl: to }).catch(async (error: unknown) => {
    await source.close();
    throw error;
  });
  try {
    const report = await copyInstallation(source, target, ({ stage, done }) => {
      if (!json) process.stderr.write(`  ${stage}: ${done}\n`);
    });
    const audit = verifyAuditChain(await target.auditEntries());
    if (!audit.intact) {
      throw new GalenError(
        `The copied audit log does not verify at entry ${audit.sequence}: ${audit.problem}. Do not use the copy; report this.`,
      );
    }
    if (json) return printJson({ ...report, auditEntries: audit.entries, auditIntact: true });
    process.stdout.write(
      `Copied ${report.documents} documents, ${report.rows.articles} articles (${report.rows.article_versions} versions), ` +
        `${report.rows.accounts} accounts and ${audit.entries} audit entries (chain verified) into PostgreSQL.\n`,
    );
  } finally {
    await source.close();
    await target.close();
  }
}
