import type { Command } from "commander";
import { verifyAuditChain } from "../../editorial/audit-chain.ts";
import { GalenError } from "../../galen-error.ts";
import { openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, printJson, storeLocation, withCommonOptions } from "../common-options.ts";

export function auditCommand(program: Command): void {
  const audit = program.command("audit").description("the audit log of who did what");
  withCommonOptions(
    audit
      .command("verify")
      .description("check that no audit entry was changed, removed or inserted (exit 1 if one was)"),
  ).action(async (options: CommonOptions) => {
    const store = await openCorpusStore(storeLocation(options));
    try {
      const check = verifyAuditChain(await store.auditEntries());
      if (!check.intact) {
        throw new GalenError(
          `The audit log is broken at entry ${check.sequence}: ${check.problem}. Restore the database from a backup and investigate.`,
        );
      }
      if (options.json) return printJson(check);
      process.stdout.write(
        `The audit log is intact: ${check.entries} entries, each chained to the one before.\n`,
      );
    } finally {
      await store.close();
    }
  });
}
