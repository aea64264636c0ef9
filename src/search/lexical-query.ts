import type { LexicalClause, LexicalQuery, StandIn } from "../store/corpus-store.ts";
import type { AnalysisSettings, AnalyzedQuery } from "./query-analysis.ts";

/**
 * The store query for an analysed question: the topic words typed form the main clause; framing words and the
 * vocabulary's expansions form weighted clauses of their own (one per weight); MeSH descriptors the question
 * names form a clause on the MeSH field. With `expansionsStandIn`, each expansion stands in for its concept as
 * typed: it scores only documents that do not hold the words typed.
 */
export function toLexicalQuery(
  analyzed: AnalyzedQuery,
  settings: Pick<AnalysisSettings, "meshWeight" | "expansionsStandIn">,
): LexicalQuery {
  const terms: string[] = [];
  // Per weight, each term with the words typed it stands in for; null when it is searched for itself.
  const weighted = new Map<number, Map<string, Set<string> | null>>();
  const addWeighted = (text: string, weight: number, insteadOf?: readonly string[]) => {
    const group = weighted.get(weight) ?? new Map<string, Set<string> | null>();
    weighted.set(weight, group);
    const typed = group.get(text);
    if (insteadOf === undefined) group.set(text, null);
    else if (typed !== null) group.set(text, new Set([...(typed ?? []), ...insteadOf]));
  };
  for (const concept of analyzed.concepts) {
    for (const word of concept.text.split(" ")) {
      if (concept.weight === 1) terms.push(word);
      else addWeighted(word, concept.weight);
    }
    // A drug's class stands in for the drug however it is named: the brand typed or its generic.
    const drugNames = concept.expansions.filter((e) => e.kind === "drug").map((e) => e.text.toLowerCase());
    for (const expansion of concept.expansions) {
      const insteadOf = expansion.kind === "drug-class" ? [concept.text, ...drugNames] : [concept.text];
      addWeighted(
        expansion.text.toLowerCase(),
        expansion.weight,
        settings.expansionsStandIn ? insteadOf : undefined,
      );
    }
  }
  const expansions: LexicalClause[] = [...weighted].map(([weight, group]) => weightedClause(weight, group));
  if (analyzed.meshDescriptors.length > 0 && settings.meshWeight > 0) {
    expansions.push({ terms: analyzed.meshDescriptors, weight: settings.meshWeight, field: "mesh" });
  }
  return { terms: [...new Set(terms)], ...(expansions.length > 0 ? { expansions } : {}) };
}

/**
 * A clause of one weight. A term that two concepts share ("MI" and "heart attack" both give myocardial
 * infarction) stands in for both: either one typed in a document already scores the concept.
 */
function weightedClause(
  weight: number,
  group: ReadonlyMap<string, ReadonlySet<string> | null>,
): LexicalClause {
  const standIns: StandIn[] = [...group].flatMap(([term, typed]) =>
    typed && typed.size > 0 ? [{ term, insteadOf: [...typed] }] : [],
  );
  return { terms: [...group.keys()], weight, ...(standIns.length > 0 ? { standIns } : {}) };
}
