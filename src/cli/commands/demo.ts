import type { Command } from "commander";
import { searchDocuments } from "../../search/index.ts";
import { openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, printJson, storeLocation, withCommonOptions } from "../common-options.ts";
import { loadSampleCorpora } from "../sample-data.ts";
import { describeSummary } from "./ingest.ts";
import { formatResult } from "./search.ts";

const EXAMPLE_QUESTIONS = [
  "treatment of mild asthma with inhaled budesonide",
  "low back pain differential diagnosis",
  "vitamin D supplementation and fracture risk",
];

export function demoCommand(program: Command): void {
  withCommonOptions(
    program.command("demo").description("load the sample corpora (when present) and run example searches"),
  ).action(async (options: CommonOptions) => {
    const store = await openCorpusStore(storeLocation(options));
    try {
      const samples = await loadSampleCorpora(store, options.json === true);
      if (samples && !options.json) {
        process.stdout.write(`Sample corpora from ${samples.from}\n${describeSummary(samples.summary)}\n\n`);
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
