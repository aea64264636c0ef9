import type { Command } from "commander";
import { EVIDENCE_LEVEL_LABELS, type EvidenceLevel } from "../../evidence/index.ts";
import { openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, printJson, storeLocation, withCommonOptions } from "../common-options.ts";

export function statsCommand(program: Command): void {
  withCommonOptions(program.command("stats").description("count the documents in the corpus")).action(
    async (options: CommonOptions) => {
      const store = await openCorpusStore(storeLocation(options));
      try {
        const stats = await store.stats();
        if (options.json) return printJson(stats);
        const lines = [
          `Corpus: ${stats.location} (${(stats.sizeBytes / 1_048_576).toFixed(1)} MB)`,
          `Documents: ${stats.documents}${stats.retracted ? ` (${stats.retracted} retracted, hidden from search)` : ""}`,
        ];
        if (stats.newestPublication)
          lines.push(`Published: ${stats.oldestPublication} to ${stats.newestPublication}`);
        lines.push("By source:");
        for (const [source, count] of Object.entries(stats.bySource))
          lines.push(`  ${source.padEnd(28)} ${count}`);
        lines.push("By evidence level:");
        for (const [level, count] of Object.entries(stats.byEvidenceLevel)) {
          lines.push(`  ${EVIDENCE_LEVEL_LABELS[level as EvidenceLevel].padEnd(34)} ${count}`);
        }
        if (stats.documents === 0)
          lines.push("", "The corpus is empty. Load evidence with: galen ingest <file.xml.gz|folder>");
        process.stdout.write(`${lines.join("\n")}\n`);
      } finally {
        await store.close();
      }
    },
  );
}
