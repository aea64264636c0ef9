import type { EvidenceSource } from "./gather-evidence.ts";
import { contentTerms, quantities, quantitySet } from "./text-terms.ts";

/** How closely a statement must match one of its cited sources to count as supported. */
export interface VerificationSettings {
  /** Share of the statement's content terms that its best cited source must contain. */
  minimumOverlap: number;
  /** Unsupported statements are left out ("drop") or kept with a visible flag ("flag"). */
  unsupported: "drop" | "flag";
}

export const DEFAULT_VERIFICATION: VerificationSettings = { minimumOverlap: 0.6, unsupported: "drop" };

export interface StatementCheck {
  supported: boolean;
  /** 0–1: the share of the statement's terms found in its best cited source. */
  support: number;
  /** Why it failed, in words a reviewer understands. */
  problem?: string;
  /** The sentence of each cited source that best matches the statement. */
  quotes: Array<{ evidence: number; quote: string }>;
}

/**
 * Checks a statement against the sources it cites: the sources must be among those given, one of them must contain
 * most of its words, and every number, dose, unit and percentage it states must occur in a cited source.
 */
export function verifyStatement(
  text: string,
  cited: readonly number[],
  sources: ReadonlyMap<number, EvidenceSource>,
  settings: VerificationSettings = DEFAULT_VERIFICATION,
  /**
   * For a synthesis across its cited sources: Galen's own words in it (designs, counts, directions), not looked for
   * in the sources, and its other words looked for in the cited sources together rather than in one of them.
   */
  synthesis?: { own: ReadonlySet<string> },
): StatementCheck {
  const unknown = cited.filter((number) => !sources.has(number));
  if (cited.length === 0 || unknown.length > 0) {
    return {
      supported: false,
      support: 0,
      problem:
        cited.length === 0
          ? "cites no source"
          : `cites evidence ${unknown.join(", ")}, which was not retrieved`,
      quotes: [],
    };
  }
  const terms = new Set(contentTerms(text).filter((term) => !synthesis?.own.has(term)));
  const citedSources = cited.flatMap((number) => sources.get(number) ?? []);
  const support = synthesis
    ? overlap(terms, new Set(citedSources.flatMap((source) => [...source.terms])))
    : Math.max(...citedSources.map((source) => overlap(terms, source.terms)));
  const sourceQuantities = quantitySet(citedSources.map(sourceText).join("\n"));
  const missing = quantities(text).filter((quantity) => !sourceQuantities.has(quantity));
  const quotes = citedSources.flatMap((source) => {
    const quote = bestSentence(terms, source);
    return quote ? [{ evidence: source.number, quote }] : [];
  });
  if (missing.length > 0) {
    return {
      supported: false,
      support,
      problem: `states ${missing.join(", ")}, not found in the cited sources`,
      quotes,
    };
  }
  if (support < settings.minimumOverlap) {
    const percent = Math.round(support * 100);
    return {
      supported: false,
      support,
      problem: `only ${percent}% of its words occur in the cited sources`,
      quotes,
    };
  }
  return { supported: true, support, quotes };
}

function overlap(terms: ReadonlySet<string>, sourceTerms: ReadonlySet<string>): number {
  if (terms.size === 0) return 0;
  let found = 0;
  for (const term of terms) if (sourceTerms.has(term)) found++;
  return found / terms.size;
}

function sourceText(source: EvidenceSource): string {
  return [source.document.title, ...source.sentences.map((sentence) => sentence.text)].join("\n");
}

function bestSentence(terms: ReadonlySet<string>, source: EvidenceSource): string | undefined {
  let best: { text: string; score: number } | undefined;
  for (const sentence of source.sentences) {
    const score = overlap(terms, new Set(contentTerms(sentence.text)));
    if (best === undefined || score > best.score) best = { text: sentence.text, score };
  }
  return best && best.score > 0 ? best.text : undefined;
}
