import type { LexicalHit } from "../store/corpus-store.ts";

/** Reciprocal rank fusion's damping constant: 60, as in Cormack et al. (2009), the usual choice. */
export const RRF_K = 60;

/**
 * Merges ranked lists by reciprocal rank fusion: a document's score is the sum of 1 / (RRF_K + rank) over the
 * lists it appears in. Scores of different retrievers are not comparable; ranks are.
 */
export function reciprocalRankFusion<T extends LexicalHit>(lists: ReadonlyArray<readonly T[]>): T[] {
  const fused = new Map<string, T>();
  for (const list of lists) {
    list.forEach((hit, index) => {
      const share = 1 / (RRF_K + index + 1);
      const seen = fused.get(hit.id);
      fused.set(hit.id, { ...(seen ?? hit), score: (seen?.score ?? 0) + share });
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
