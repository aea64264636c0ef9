import type { LexicalClause, LexicalQuery } from "../store/corpus-store.ts";
import type { AnalysisSettings, AnalyzedQuery } from "./query-analysis.ts";

/**
 * The store query for an analysed question: the topic words typed form the main clause; framing words and the
 * vocabulary's expansions form weighted clauses of their own (one per weight); MeSH descriptors the question
 * names form a clause on the MeSH field.
 */
export function toLexicalQuery(
  analyzed: AnalyzedQuery,
  settings: Pick<AnalysisSettings, "meshWeight">,
): LexicalQuery {
  const terms: string[] = [];
  const weighted = new Map<number, Set<string>>();
  const addWeighted = (text: string, weight: number) => {
    const group = weighted.get(weight) ?? new Set<string>();
    group.add(text);
    weighted.set(weight, group);
  };
  for (const concept of analyzed.concepts) {
    for (const word of concept.text.split(" ")) {
      if (concept.weight === 1) terms.push(word);
      else addWeighted(word, concept.weight);
    }
    for (const expansion of concept.expansions) addWeighted(expansion.text.toLowerCase(), expansion.weight);
  }
  const expansions: LexicalClause[] = [...weighted].map(([weight, texts]) => ({ terms: [...texts], weight }));
  if (analyzed.meshDescriptors.length > 0 && settings.meshWeight > 0) {
    expansions.push({ terms: analyzed.meshDescriptors, weight: settings.meshWeight, field: "mesh" });
  }
  return { terms: [...new Set(terms)], ...(expansions.length > 0 ? { expansions } : {}) };
}
