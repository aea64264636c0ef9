import type { EvidenceLevel } from "../evidence/index.ts";
import type { LexicalHit } from "../store/corpus-store.ts";
import type { QuestionType } from "./query-analysis.ts";

/** How much stronger designs and newer work move up when relevance is comparable. 0 turns a prior off. */
export interface PriorSettings {
  /** Largest relative boost, given to guidelines; other levels get a share of it (EVIDENCE_LEVEL_STRENGTH). */
  evidenceWeight: number;
  /** Largest relative boost, given to this year's publications; it halves every `recencyHalfLifeYears`. */
  recencyWeight: number;
  recencyHalfLifeYears: number;
}

export const NO_PRIORS: PriorSettings = { evidenceWeight: 0, recencyWeight: 0, recencyHalfLifeYears: 10 };

/** Share of the evidence boost by level: designs that answer clinical questions best get the most. */
export const EVIDENCE_LEVEL_STRENGTH: Record<EvidenceLevel, number> = {
  guideline: 1,
  "systematic-review": 0.9,
  "randomized-trial": 0.8,
  "non-randomized-trial": 0.5,
  observational: 0.4,
  "narrative-review": 0.3,
  unclassified: 0.2,
  "case-report": 0,
  opinion: 0,
};

/** Every question put to Galen is taken as clinical except a request for a definition, ranked on relevance alone. */
const RELEVANCE_ONLY: ReadonlySet<QuestionType> = new Set(["definition"]);

/**
 * Multiplies each hit's relevance score by (1 + evidence boost + recency boost) and re-sorts. The boosts are
 * small (a few per cent), so they reorder documents of comparable relevance, never bury a clearly better match.
 */
export function applyEvidencePriors<T extends LexicalHit>(
  hits: readonly T[],
  questionType: QuestionType,
  settings: PriorSettings,
  currentYear = new Date().getFullYear(),
): T[] {
  if (RELEVANCE_ONLY.has(questionType) || (settings.evidenceWeight === 0 && settings.recencyWeight === 0)) {
    return [...hits];
  }
  const boosted = hits.map((hit) => {
    const evidence = settings.evidenceWeight * EVIDENCE_LEVEL_STRENGTH[hit.evidenceLevel];
    const age = hit.year === undefined ? undefined : Math.max(0, currentYear - hit.year);
    const recency =
      age === undefined ? 0 : settings.recencyWeight * 0.5 ** (age / settings.recencyHalfLifeYears);
    return { ...hit, score: hit.score * (1 + evidence + recency) };
  });
  return boosted.sort((a, b) => b.score - a.score);
}
