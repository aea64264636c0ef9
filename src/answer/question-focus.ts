import type { AnalyzedQuery } from "../search/index.ts";
import { contentTerms } from "./text-terms.ts";

/** One thing the question is about, with every name it goes by, each as the terms that must all occur. */
export interface FocusConcept {
  /** As the question put it ("pars defect"). */
  text: string;
  weight: number;
  /** Framing words ("treatment") shape the answer; topic words decide whether a source is on topic. */
  topic: boolean;
  names: string[][];
}

/** The concepts of an analysed question, as comparable terms. */
export function questionFocus(analysis: AnalyzedQuery): FocusConcept[] {
  return analysis.concepts
    .map((concept) => ({
      text: concept.text,
      weight: concept.weight,
      topic: concept.weight >= 1,
      names: [concept.text, ...concept.expansions.map((expansion) => expansion.text)]
        .map(contentTerms)
        .filter((terms) => terms.length > 0),
    }))
    .filter((concept) => concept.names.length > 0);
}

export function mentions(concept: FocusConcept, terms: ReadonlySet<string>): boolean {
  return concept.names.some((name) => name.every((term) => terms.has(term)));
}

/** The share (0–1) of the question's weight that a text's terms mention; framing counts at its lower weight. */
export function coverage(focus: readonly FocusConcept[], terms: ReadonlySet<string>): number {
  const total = focus.reduce((sum, concept) => sum + concept.weight, 0);
  if (total === 0) return 0;
  const covered = focus.reduce((sum, concept) => sum + (mentions(concept, terms) ? concept.weight : 0), 0);
  return covered / total;
}

/**
 * Whether a source addresses the question: it names every topic concept, or two thirds of them when the question
 * has three or more (a long question rarely has a source that names every part of it).
 */
export function isOnTopic(focus: readonly FocusConcept[], terms: ReadonlySet<string>): boolean {
  const topics = focus.filter((concept) => concept.topic);
  if (topics.length === 0) return coverage(focus, terms) > 0;
  const named = topics.filter((concept) => mentions(concept, terms)).length;
  return topics.length >= 3 ? named / topics.length >= 2 / 3 : named === topics.length;
}
