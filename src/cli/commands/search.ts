import type { Command } from "commander";
import { EVIDENCE_LEVEL_LABELS } from "../../evidence/index.ts";
import { openAiCompatibleEmbeddings } from "../../model/embedding-model.ts";
import { type SearchResult, searchDocuments } from "../../search/index.ts";
import type { Snippet } from "../../store/index.ts";
import { openCorpusStore } from "../../store/index.ts";
import {
  type CommonOptions,
  positiveInteger,
  printJson,
  storeLocation,
  withCommonOptions,
} from "../common-options.ts";
import { type EmbeddingOptions, embeddingSettings, withEmbeddingOptions } from "../embedding-options.ts";

interface SearchCommandOptions extends CommonOptions, EmbeddingOptions {
  k: number;
  includeRetracted?: boolean;
}

export function searchCommand(program: Command): void {
  withCommonOptions(
    withEmbeddingOptions(program.command("search"))
      .description(
        "find documents for a question or terms (BM25 with a medical vocabulary, MeSH and evidence priors)",
      )
      .argument("<text...>", "what to search for; any characters are searched as words")
      .option("-k, --k <n>", "how many results", positiveInteger, 10)
      .option("--include-retracted", "also show retracted publications (hidden by default)"),
  ).action(async (words: string[], options: SearchCommandOptions) => {
    const store = await openCorpusStore(storeLocation(options));
    try {
      const settings = embeddingSettings(options);
      if (!settings && !options.json) {
        process.stderr.write("Lexical search (no embedding model configured; see galen embed --help).\n");
      }
      const outcome = await searchDocuments(store, words.join(" "), {
        k: options.k,
        includeRetracted: options.includeRetracted ?? false,
        ...(settings ? { embeddings: openAiCompatibleEmbeddings(settings) } : {}),
      });
      if (options.json) return printJson(outcome);
      if (outcome.notice) {
        process.stdout.write(`${outcome.notice}\n`);
        return;
      }
      if (outcome.results.length === 0) {
        process.stdout.write(
          `No documents match "${outcome.query}". Try other words, or ingest more evidence.\n`,
        );
        return;
      }
      const bold = process.stdout.isTTY
        ? (text: string) => `\x1b[1m${text}\x1b[22m`
        : (text: string) => `[${text}]`;
      process.stdout.write(`${outcome.results.map((result) => formatResult(result, bold)).join("\n\n")}\n`);
    } finally {
      await store.close();
    }
  });
}

export function formatResult(result: SearchResult, bold: (text: string) => string): string {
  const facts = [result.year, result.journal, EVIDENCE_LEVEL_LABELS[result.evidenceLevel]]
    .filter(Boolean)
    .join(" · ");
  const lines = [
    `${result.rank}. ${result.title || "(untitled)"}`,
    `   ${result.id} · ${facts} · score ${result.score.toFixed(2)}${result.retracted ? " · RETRACTED" : ""}`,
  ];
  if (result.snippet) lines.push(`   ${highlight(result.snippet, bold)}`);
  return lines.join("\n");
}

function highlight(snippet: Snippet, bold: (text: string) => string): string {
  let text = "";
  let at = 0;
  for (const [start, end] of snippet.highlights) {
    text += snippet.text.slice(at, start) + bold(snippet.text.slice(start, end));
    at = end;
  }
  return (text + snippet.text.slice(at)).replace(/\s+/g, " ");
}
