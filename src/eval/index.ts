export { type BeirRunOptions, type BeirRunResult, runBeirQueries } from "./beir-eval.ts";
export { readBeirQrels, readBeirQueries } from "./beir-files.ts";
export { type BioasqBenchmark, readBioasqBenchmark } from "./bioasq.ts";
export { compareEvaluations, type MetricComparison, worstQueries } from "./compare-runs.ts";
export {
  evaluateRun,
  ndcgAt,
  type Qrels,
  type Run,
  type RunEvaluation,
  recallAt,
  reciprocalRankAt,
} from "./metrics.ts";
export { pairedRandomizationTest } from "./paired-test.ts";
export { questionSetAsBeir, readQuestionSet, type TargetedQuestion } from "./question-set.ts";
export { formatTrecRun, parseTrecRun, writeTrecRun } from "./trec-run.ts";
