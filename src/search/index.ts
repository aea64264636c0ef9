export { abbreviationDefinitions } from "./abbreviation-definitions.ts";
export {
  applyEvidencePriors,
  EVIDENCE_LEVEL_STRENGTH,
  NO_PRIORS,
  type PriorSettings,
} from "./evidence-priors.ts";
export { toLexicalQuery } from "./lexical-query.ts";
export { type ExpansionKind, matchKey, medicalVocabulary } from "./medical-vocabulary.ts";
export {
  type AnalysisSettings,
  type AnalyzedQuery,
  analyzeQuery,
  DEFAULT_ANALYSIS,
  MAX_QUERY_CHARACTERS,
  type QueryConcept,
  type QuestionType,
  questionType,
} from "./query-analysis.ts";
export { type FeedbackSettings, feedbackTerms, NO_FEEDBACK } from "./relevance-feedback.ts";
export {
  DEFAULT_FEEDBACK,
  DEFAULT_PRIORS,
  DEFAULT_RETRIEVAL,
  RETRIEVAL_PRESET_NAMES,
  RETRIEVAL_PRESETS,
  type RetrievalPreset,
  type RetrievalSettings,
} from "./retrieval-settings.ts";
export {
  type SearchOptions,
  type SearchOutcome,
  type SearchResult,
  searchDocuments,
} from "./search-documents.ts";
