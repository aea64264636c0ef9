import { conceptNames, type FocusConcept, questionFocus } from "../src/answer/question-focus.ts";
import { analyzeQuery } from "../src/search/index.ts";

/**
 * A question's focus over corpus statistics as a store would give them: the counts named, every other name of the
 * question's concepts held by 100 documents of 10,000.
 */
export function focusOf(question: string, counts: Record<string, number>): FocusConcept[] {
  const analysis = analyzeQuery(question);
  const holding = new Map(conceptNames(analysis).map((name) => [name, counts[name] ?? 100]));
  return questionFocus(analysis, { documents: 10_000, holding });
}
