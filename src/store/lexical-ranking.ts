import type { LexicalQuery } from "./corpus-store.ts";

/** How much a match in each field counts in BM25 (FTS5's column weights; the same in every store). */
export interface FieldWeights {
  title: number;
  abstract: number;
  mesh: number;
  keywords: number;
}

/**
 * Title matches count three times an abstract match. Chosen on SciFact's training queries with two-fold
 * cross-validation (title weight 3 was best on each half alone; see README, "Retrieval quality").
 */
export const DEFAULT_FIELD_WEIGHTS: FieldWeights = { title: 3, abstract: 1, mesh: 1, keywords: 1 };

/**
 * Words in more than a quarter of the documents are not searched. Measured on SciFact's training claims: no
 * change to nDCG@10 at 0.25 (0.6926 vs 0.6923 searching every word), −0.017 at 0.10; at 100,000 documents it
 * roughly halves query time. Every store applies the same rule.
 */
export const DEFAULT_COMMON_TERM_SHARE = 0.25;
/** Below this corpus size no word is common enough to leave out. */
const COMMON_TERM_FLOOR = 50;

/** How many documents a word may appear in before it counts as common. */
export function commonTermCap(documents: number, share: number): number {
  return Math.max(COMMON_TERM_FLOOR, Math.ceil(documents * share));
}

/**
 * Leaves out single words found in too many documents ("patients", "associated"): their BM25 weight is near zero,
 * yet scoring them dominates the cost of a query on a large corpus. Phrases are kept, and a clause made only of
 * common words keeps them.
 */
export function withoutCommonTerms(query: LexicalQuery, isCommon: (word: string) => boolean): LexicalQuery {
  const keep = (terms: readonly string[]) => {
    const rare = terms.filter((term) => term.includes(" ") || !isCommon(term));
    return rare.length > 0 ? rare : terms;
  };
  return {
    terms: keep(query.terms),
    ...(query.expansions
      ? { expansions: query.expansions.map((clause) => ({ ...clause, terms: keep(clause.terms) })) }
      : {}),
  };
}

/** Single words of a query (phrases aside): the ones whose document frequency decides whether they are common. */
export function singleWords(query: LexicalQuery): string[] {
  return [...new Set([query.terms, ...(query.expansions ?? []).map((clause) => clause.terms)].flat())].filter(
    (term) => !term.includes(" "),
  );
}
