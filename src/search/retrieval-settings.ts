import { type AnalysisSettings, DEFAULT_ANALYSIS } from "./query-analysis.ts";

/** Every knob of Galen's retrieval, named so that evaluations can report exactly what ran. */
export interface RetrievalSettings {
  analysis: AnalysisSettings;
}

export const DEFAULT_RETRIEVAL: RetrievalSettings = { analysis: DEFAULT_ANALYSIS };

/** Named configurations for `galen eval --config/--compare`. */
export const RETRIEVAL_PRESETS = {
  /** Everything on: the default. */
  galen: DEFAULT_RETRIEVAL,
  /** Plain BM25 over the words typed: no vocabulary, framing words searched like any other. */
  bm25: { analysis: { expansionWeight: 0, framingWeight: 1 } },
} satisfies Record<string, RetrievalSettings>;

export type RetrievalPreset = keyof typeof RETRIEVAL_PRESETS;
export const RETRIEVAL_PRESET_NAMES = Object.keys(RETRIEVAL_PRESETS) as RetrievalPreset[];
