import { EVIDENCE_LEVELS, type EvidenceLevel } from "../evidence/index.ts";
import type { EvidenceSummary, Reference } from "./answer.ts";

/** Each design as answers name it, singular and plural. */
export const DESIGN_NOUNS: Record<EvidenceLevel, [string, string]> = {
  guideline: ["guideline", "guidelines"],
  "systematic-review": ["systematic review", "systematic reviews"],
  "randomized-trial": ["randomized trial", "randomized trials"],
  "non-randomized-trial": ["non-randomized trial", "non-randomized trials"],
  observational: ["observational study", "observational studies"],
  "case-report": ["case report", "case reports"],
  "narrative-review": ["narrative review", "narrative reviews"],
  opinion: ["opinion piece", "opinion pieces"],
  unclassified: ["other source", "other sources"],
};

/** "2 guidelines, 3 systematic reviews, 4 randomized trials, 2011–2024": the cited evidence at a glance. */
export function summarizeEvidence(references: readonly Reference[]): EvidenceSummary {
  const counts: Partial<Record<EvidenceLevel, number>> = {};
  for (const reference of references)
    counts[reference.evidenceLevel] = (counts[reference.evidenceLevel] ?? 0) + 1;
  const years = references.flatMap((reference) => (reference.year === undefined ? [] : [reference.year]));
  const range = years.length > 0 ? { from: Math.min(...years), to: Math.max(...years) } : undefined;
  const parts = EVIDENCE_LEVELS.flatMap((level) => {
    const count = counts[level];
    if (count === undefined) return [];
    const [one, many] = DESIGN_NOUNS[level];
    return [`${count} ${count === 1 ? one : many}`];
  });
  if (range) parts.push(range.from === range.to ? String(range.from) : `${range.from}–${range.to}`);
  return {
    counts,
    ...(range ? { years: range } : {}),
    text: parts.length > 0 ? parts.join(", ") : "no sources cited",
  };
}
