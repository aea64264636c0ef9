import { type SearchOptions, searchDocuments } from "../search/index.ts";
import type { CorpusStore } from "../store/index.ts";
import { evaluateRun, type Qrels, type Run, type RunEvaluation } from "./metrics.ts";

export interface BeirRunOptions {
  /** How many documents to retrieve per query (Recall@k is computed at this depth). */
  k: number;
  /** The id prefix the corpus was ingested under (`scifact:` for `scifact:1234`), removed to match the qrels. */
  idPrefix: string;
  onQuery?: (done: number, total: number) => void;
  /** Retrieval settings to evaluate (the defaults when absent). */
  search?: Omit<SearchOptions, "k" | "snippets">;
}

export interface BeirRunResult {
  run: Run;
  evaluation: RunEvaluation;
  /** Milliseconds per query, in query order: the latency the evaluation saw. */
  latenciesMs: number[];
}

/** Runs every judged query through Galen's search and scores the ranking with trec_eval's definitions. */
export async function runBeirQueries(
  store: CorpusStore,
  queries: ReadonlyMap<string, string>,
  qrels: Qrels,
  options: BeirRunOptions,
): Promise<BeirRunResult> {
  const run: Run = new Map();
  const latenciesMs: number[] = [];
  const judged = [...qrels.keys()].filter((id) => queries.has(id));
  for (const [index, queryId] of judged.entries()) {
    const started = performance.now();
    const outcome = await searchDocuments(store, queries.get(queryId) ?? "", {
      ...options.search,
      k: options.k,
      snippets: false,
    });
    latenciesMs.push(performance.now() - started);
    run.set(
      queryId,
      outcome.results.map((result) => ({
        docId: stripPrefix(result.id, options.idPrefix),
        score: result.score,
      })),
    );
    options.onQuery?.(index + 1, judged.length);
  }
  return { run, evaluation: evaluateRun(run, qrels, { recallK: options.k }), latenciesMs };
}

function stripPrefix(id: string, prefix: string): string {
  return id.startsWith(prefix) ? id.slice(prefix.length) : id;
}
