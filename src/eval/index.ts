export { type BeirRunOptions, type BeirRunResult, runBeirQueries } from "./beir-eval.ts";
export { readBeirQrels, readBeirQueries } from "./beir-files.ts";
export {
  evaluateRun,
  ndcgAt,
  type Qrels,
  type Run,
  type RunEvaluation,
  recallAt,
  reciprocalRankAt,
} from "./metrics.ts";
export { formatTrecRun, parseTrecRun, writeTrecRun } from "./trec-run.ts";
