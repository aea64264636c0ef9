import type { RunEvaluation } from "./metrics.ts";
import { pairedRandomizationTest } from "./paired-test.ts";

export interface MetricComparison {
  metric: "ndcg" | "recall" | "recallAt10" | "mrr";
  baseline: number;
  candidate: number;
  delta: number;
  /** Two-sided paired randomisation test over the queries. */
  pValue: number;
}

/** Per-metric deltas between two evaluations of the same queries, each with its significance. */
export function compareEvaluations(baseline: RunEvaluation, candidate: RunEvaluation): MetricComparison[] {
  const byQuery = new Map(candidate.perQuery.map((scores) => [scores.queryId, scores]));
  return (["ndcg", "recall", "recallAt10", "mrr"] as const).map((metric) => {
    const paired = baseline.perQuery.map((scores) => [
      scores[metric],
      byQuery.get(scores.queryId)?.[metric] ?? 0,
    ]);
    return {
      metric,
      baseline: baseline[metric],
      candidate: candidate[metric],
      delta: candidate[metric] - baseline[metric],
      pValue: pairedRandomizationTest(
        paired.map(([base = 0]) => base),
        paired.map(([, next = 0]) => next),
      ),
    };
  });
}

/** The queries that did worst (lowest nDCG, then lowest reciprocal rank), for reading what went wrong. */
export function worstQueries(evaluation: RunEvaluation, count: number): string[] {
  return [...evaluation.perQuery]
    .sort((a, b) => a.ndcg - b.ndcg || a.mrr - b.mrr || a.queryId.localeCompare(b.queryId))
    .slice(0, count)
    .map((scores) => scores.queryId);
}
