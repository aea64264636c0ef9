import { NO_PRIORS, type PriorSettings } from "./evidence-priors.ts";
import { type AnalysisSettings, DEFAULT_ANALYSIS } from "./query-analysis.ts";
import { type FeedbackSettings, NO_FEEDBACK } from "./relevance-feedback.ts";

/** Every knob of Galen's retrieval, named so that evaluations can report exactly what ran. */
export interface RetrievalSettings {
  analysis: AnalysisSettings;
  priors: PriorSettings;
  feedback: FeedbackSettings;
}

export const DEFAULT_PRIORS: PriorSettings = {
  evidenceWeight: 0.1,
  recencyWeight: 0.05,
  recencyHalfLifeYears: 10,
};

/**
 * Relevance feedback is off by default: on SciFact's training claims every setting tried lowered nDCG@10 on both
 * halves (10 documents, 5 words, weight 0.1: 0.7143 / 0.6676 against 0.7182 / 0.6669 without; weight 0.5:
 * 0.6726 / 0.6366). The "feedback" configuration turns on the best of them.
 */
export const DEFAULT_FEEDBACK: FeedbackSettings = NO_FEEDBACK;
export const TUNED_FEEDBACK: FeedbackSettings = { documents: 10, terms: 5, weight: 0.1 };

export const DEFAULT_RETRIEVAL: RetrievalSettings = {
  analysis: DEFAULT_ANALYSIS,
  priors: DEFAULT_PRIORS,
  feedback: DEFAULT_FEEDBACK,
};

/** Named configurations for `galen eval --config/--compare`. */
export const RETRIEVAL_PRESETS = {
  /** Everything on: the default. */
  galen: DEFAULT_RETRIEVAL,
  /** Plain BM25 over the words typed: no vocabulary, framing words searched like any other. */
  bm25: {
    analysis: {
      expansionWeight: 0,
      abbreviationWeight: 0,
      drugNameWeight: 0,
      drugClassWeight: 0,
      framingWeight: 1,
      meshWeight: 0,
      expansionsStandIn: false,
    },
    priors: NO_PRIORS,
    feedback: NO_FEEDBACK,
  },
  /** The default plus RM3 relevance feedback. */
  feedback: { ...DEFAULT_RETRIEVAL, feedback: TUNED_FEEDBACK },
  /** The default with expansions scored wherever they occur, also beside the words typed (before 2026-12-03). */
  "expansions-everywhere": {
    ...DEFAULT_RETRIEVAL,
    analysis: { ...DEFAULT_ANALYSIS, expansionsStandIn: false },
  },
  /** Everything but the MeSH match: shows what it changes. */
  "no-mesh": { ...DEFAULT_RETRIEVAL, analysis: { ...DEFAULT_ANALYSIS, meshWeight: 0 } },
  /** Everything but the evidence and recency priors: shows what the priors change. */
  "no-priors": { ...DEFAULT_RETRIEVAL, priors: NO_PRIORS },
  /** Everything but drug classes (Lipitor → statin): shows what they change. */
  "no-drug-classes": { ...DEFAULT_RETRIEVAL, analysis: { ...DEFAULT_ANALYSIS, drugClassWeight: 0 } },
  /** Everything but the medical vocabulary: shows what the vocabulary buys. */
  "no-vocabulary": {
    ...DEFAULT_RETRIEVAL,
    analysis: {
      ...DEFAULT_ANALYSIS,
      expansionWeight: 0,
      abbreviationWeight: 0,
      drugNameWeight: 0,
      drugClassWeight: 0,
    },
  },
} satisfies Record<string, RetrievalSettings>;

export type RetrievalPreset = keyof typeof RETRIEVAL_PRESETS;
export const RETRIEVAL_PRESET_NAMES = Object.keys(RETRIEVAL_PRESETS) as RetrievalPreset[];
