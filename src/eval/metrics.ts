/**
 * Retrieval metrics with the trec_eval / pytrec_eval definitions, which are what BEIR reports, so numbers computed
 * here can be compared with published BEIR tables.
 */

/** Relevance judgments: query id → document id → grade. A grade above 0 means relevant. */
export type Qrels = Map<string, Map<string, number>>;

export interface ScoredDocument {
  docId: string;
  score: number;
}

/** A retrieval run: query id → the documents retrieved for it. The scores, not the array order, decide the ranking. */
export type Run = Map<string, Array<ScoredDocument>>;

export interface MetricCutoffs {
  ndcgK: number;
  recallK: number;
  mrrK: number;
}

export interface QueryScores {
  queryId: string;
  ndcg: number;
  recall: number;
  /** Recall in the first ten: what a reader of one results page sees. */
  recallAt10: number;
  mrr: number;
}

/** Means over the evaluated queries, the cut-offs they were computed at, and the per-query values. */
export interface RunEvaluation extends MetricCutoffs {
  queries: number;
  ndcg: number;
  recall: number;
  recallAt10: number;
  mrr: number;
  perQuery: QueryScores[];
}

const queryIdCollator = new Intl.Collator("en", { numeric: true });

/** Orders query ids naturally ("2" before "10"); the plain comparison keeps the order total for ids the collator ties. */
export function compareQueryIds(a: string, b: string): number {
  return queryIdCollator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The ranking trec_eval evaluates: score descending, ties broken by document id descending (string comparison).
 * The order results arrive in is ignored, as trec_eval ignores the rank column. A document listed twice keeps only
 * its best-ranked entry, so it cannot be counted as relevant twice.
 */
export function rankedResults(results: readonly ScoredDocument[]): ScoredDocument[] {
  const sorted = [...results].sort(compareByTrecOrder);
  const seen = new Set<string>();
  return sorted.filter(({ docId }) => !seen.has(docId) && seen.add(docId));
}

export function rankedDocIds(results: readonly ScoredDocument[]): string[] {
  return rankedResults(results).map(({ docId }) => docId);
}

function compareByTrecOrder(a: ScoredDocument, b: ScoredDocument): number {
  const byScore = sortableScore(b.score) - sortableScore(a.score);
  if (byScore !== 0 && !Number.isNaN(byScore)) return byScore;
  return a.docId < b.docId ? 1 : a.docId > b.docId ? -1 : 0;
}

// NaN would make the comparator inconsistent; rank such results last instead.
function sortableScore(score: number): number {
  return Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score;
}

function gradeOf(judgments: ReadonlyMap<string, number>, docId: string): number {
  return Math.max(judgments.get(docId) ?? 0, 0);
}

function relevantGrades(judgments: ReadonlyMap<string, number>): number[] {
  return [...judgments.values()].filter((grade) => grade > 0);
}

/** DCG with linear gain (gain = grade, as trec_eval's ndcg_cut) and discount log2(rank + 1). */
function discountedCumulativeGain(gains: readonly number[]): number {
  let total = 0;
  gains.forEach((gain, index) => {
    total += gain / Math.log2(index + 2);
  });
  return total;
}

/** nDCG@k; the ideal ranking puts every judged relevant document in grade order, whether retrieved or not. */
export function ndcgAt(k: number, ranked: readonly string[], judgments: ReadonlyMap<string, number>): number {
  const idealGains = relevantGrades(judgments)
    .sort((a, b) => b - a)
    .slice(0, k);
  const ideal = discountedCumulativeGain(idealGains);
  if (ideal === 0) return 0;
  const gains = ranked.slice(0, k).map((docId) => gradeOf(judgments, docId));
  return discountedCumulativeGain(gains) / ideal;
}

/** Recall@k: relevant documents in the top k over all relevant documents. */
export function recallAt(
  k: number,
  ranked: readonly string[],
  judgments: ReadonlyMap<string, number>,
): number {
  const relevant = relevantGrades(judgments).length;
  if (relevant === 0) return 0;
  const found = new Set(ranked.slice(0, k).filter((docId) => gradeOf(judgments, docId) > 0));
  return found.size / relevant;
}

/** Reciprocal rank of the first relevant document within the top k, 0 when there is none. */
export function reciprocalRankAt(
  k: number,
  ranked: readonly string[],
  judgments: ReadonlyMap<string, number>,
): number {
  const index = ranked.slice(0, k).findIndex((docId) => gradeOf(judgments, docId) > 0);
  return index === -1 ? 0 : 1 / (index + 1);
}

function assertCutoff(name: string, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${name} must be a positive integer, got ${k}`);
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Evaluates a run as BEIR does: only queries with at least one relevant judgment count; such a query that the run
 * has no results for scores 0 on every metric; queries in the run but not in the qrels are ignored.
 */
export function evaluateRun(run: Run, qrels: Qrels, cutoffs: Partial<MetricCutoffs> = {}): RunEvaluation {
  const { ndcgK = 10, recallK = 100, mrrK = 10 } = cutoffs;
  assertCutoff("ndcgK", ndcgK);
  assertCutoff("recallK", recallK);
  assertCutoff("mrrK", mrrK);

  const perQuery: QueryScores[] = [];
  for (const queryId of [...qrels.keys()].sort(compareQueryIds)) {
    const judgments = qrels.get(queryId);
    if (judgments === undefined || relevantGrades(judgments).length === 0) continue;
    const ranked = rankedDocIds(run.get(queryId) ?? []);
    perQuery.push({
      queryId,
      ndcg: ndcgAt(ndcgK, ranked, judgments),
      recall: recallAt(recallK, ranked, judgments),
      recallAt10: recallAt(10, ranked, judgments),
      mrr: reciprocalRankAt(mrrK, ranked, judgments),
    });
  }

  return {
    queries: perQuery.length,
    ndcg: mean(perQuery.map((scores) => scores.ndcg)),
    recall: mean(perQuery.map((scores) => scores.recall)),
    recallAt10: mean(perQuery.map((scores) => scores.recallAt10)),
    mrr: mean(perQuery.map((scores) => scores.mrr)),
    ndcgK,
    recallK,
    mrrK,
    perQuery,
  };
}
