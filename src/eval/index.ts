export {
  type AnswerEvalOptions,
  type AnswerEvalReport,
  type AnswerFailure,
  type AnswerMetrics,
  ASKERS,
  type Asker,
  CLINICAL_QUESTION_KINDS,
  ClinicalQuestion,
  type ClinicalQuestionKind,
  type GroupReport,
  HALVES,
  type Half,
  type HalfChoice,
  type MethodsQuote,
  type QuestionOutcome,
  questionsOfHalf,
  readClinicalQuestions,
  runAnswerEval,
  type Share,
  summarizeOutcomes,
} from "./answer-eval.ts";
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
export {
  comparableSentence,
  isDesignStatement,
  quotedStudyDescription,
  type StudyDescriptionReason,
  type StudyDescriptionSentence,
  studyDescriptionSentences,
} from "./study-description.ts";
export { formatTrecRun, parseTrecRun, writeTrecRun } from "./trec-run.ts";
