import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { ingestSources } from "../../ingest/ingest-sources.ts";
import { planSources } from "../../ingest/source-format.ts";
import { searchDocuments } from "../../search/index.ts";
import { openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, printJson, storeLocation, withCommonOptions } from "../common-options.ts";
import { progressReporter } from "../progress-reporter.ts";
import { describeSummary } from "./ingest.ts";
import { formatResult } from "./search.ts";

/** The public sample data next to a development checkout; users point GALEN_SAMPLE_DATA elsewhere. */
const DEFAULT_SAMPLE_DATA = fileURLToPath(new URL("../../../../shared/data/", import.meta.url));
const SAMPLE_SOURCES = ["pubmed-xml", "pubmedqa/ori_pqal.json", "scifact"];
const EXAMPLE_QUESTIONS = [
  "treatment of mild asthma with inhaled budesonide",
  "low back pain differential diagnosis",
  "vitamin D supplementation and fracture risk",
];

export function demoCommand(program: Command): void {
  withCommonOptions(
    program.command("demo").description("load the sample corpora (when present) and run example searches"),
  ).action(async (options: CommonOptions) => {
    const sampleData = process.env.GALEN_SAMPLE_DATA ?? DEFAULT_SAMPLE_DATA;
    const store = await openCorpusStore(storeLocation(options));
    try {
      const sources = SAMPLE_SOURCES.map((source) => `${sampleData}${source}`).filter((path) =>
        existsSync(path),
      );
      if (sources.length > 0) {
        const progress = progressReporter(process.stderr, options.json === true);
        const summary = await ingestSources(store, await planSources(sources), {
          onProgress: (update) => progress.update(update),
        });
        progress.stop();
        if (!options.json)
          process.stdout.write(`Sample corpora from ${sampleData}\n${describeSummary(summary)}\n\n`);
      }
      const stats = await store.stats();
      if (stats.documents === 0) {
        process.stdout.write(HOW_TO_LOAD);
        return;
      }
      const searches = [];
      for (const question of EXAMPLE_QUESTIONS)
        searches.push(await searchDocuments(store, question, { k: 3 }));
      if (options.json) return printJson({ stats, searches });
      process.stdout.write(`Corpus: ${stats.documents} documents in ${stats.location}\n`);
      for (const search of searches) {
        process.stdout.write(`\n» galen search "${search.query}" -k 3\n`);
        process.stdout.write(
          `${search.results.map((result) => formatResult(result, (text) => `[${text}]`)).join("\n\n")}\n`,
        );
      }
      process.stdout.write(
        '\nTry your own: npm run galen -- search "<question>"   ·   all commands: npm run galen -- --help\n',
      );
    } finally {
      await store.close();
    }
  });
}

const HOW_TO_LOAD = `The corpus is empty and no sample data was found. Load evidence, then search:

  npm run galen -- ingest pubmed24n0001.xml.gz         PubMed/MEDLINE XML (.xml or .xml.gz, files or folders)
  npm run galen -- ingest --pubmed "spondylolysis" --max 500   a live PubMed search (needs internet)
  npm run galen -- ingest ./scifact                    a BEIR folder (corpus.jsonl)
  npm run galen -- ingest my-documents.jsonl           Galen JSONL, one evidence document a line

  npm run galen -- search "treatment for pars defect"
`;
