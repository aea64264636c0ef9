import type { LexicalClause, LexicalQuery } from "./corpus-store.ts";

/** How much a match in each field counts in BM25 (FTS5's column weights; the same in every store). */
export interface FieldWeights {
  title: number;
  abstract: number;
  mesh: number;
  keywords: number;
}

/**
 * Title matches count three times an abstract match. Chosen on SciFact's training queries with two-fold
 * cross-validation (title weight 3 was best on each half alone; see docs/MEASUREMENTS.md, "Retrieval quality").
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
 * common words keeps them. A stand-in's common words typed are left out too: a document holding a word that
 * common says little about whether it names the concept.
 */
export function withoutCommonTerms(query: LexicalQuery, isCommon: (word: string) => boolean): LexicalQuery {
  const rare = (term: string) => term.includes(" ") || !isCommon(term);
  const keep = (terms: readonly string[]) => {
    const kept = terms.filter(rare);
    return kept.length > 0 ? kept : terms;
  };
  return {
    terms: keep(query.terms),
    ...(query.expansions
      ? { expansions: query.expansions.map((clause) => withoutCommon(clause, keep, rare)) }
      : {}),
  };
}

function withoutCommon(
  clause: LexicalClause,
  keep: (terms: readonly string[]) => readonly string[],
  rare: (term: string) => boolean,
): LexicalClause {
  const { standIns, ...rest } = clause;
  const terms = keep(clause.terms);
  const kept = (standIns ?? [])
    .filter((standIn) => terms.includes(standIn.term))
    .map((standIn) => ({ ...standIn, insteadOf: standIn.insteadOf.filter(rare) }))
    .filter((standIn) => standIn.insteadOf.length > 0);
  return { ...rest, terms, ...(kept.length > 0 ? { standIns: kept } : {}) };
}

/** Every word and phrase a query names, stand-ins' words typed included. */
export function queryTexts(query: LexicalQuery): string[] {
  const clauses = query.expansions ?? [];
  return [
    ...new Set(
      [
        query.terms,
        ...clauses.map((clause) => clause.terms),
        ...clauses.flatMap((clause) => (clause.standIns ?? []).map((standIn) => standIn.insteadOf)),
      ].flat(),
    ),
  ];
}

/** Single words of a query (phrases aside): the ones whose document frequency decides whether they are common. */
export function singleWords(query: LexicalQuery): string[] {
  return queryTexts(query).filter((term) => !term.includes(" "));
}
