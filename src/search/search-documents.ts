import type { CorpusStore, LexicalHit, LexicalQuery, Snippet } from "../store/corpus-store.ts";
import { applyEvidencePriors } from "./evidence-priors.ts";
import { toLexicalQuery } from "./lexical-query.ts";
import { type AnalyzedQuery, analyzeQuery, type DescriptorIndex, descriptorIndex } from "./query-analysis.ts";
import { type FeedbackSettings, feedbackTerms } from "./relevance-feedback.ts";
import { DEFAULT_RETRIEVAL, type RetrievalSettings } from "./retrieval-settings.ts";

export interface SearchOptions {
  k?: number;
  includeRetracted?: boolean;
  /** Snippets cost a second query; evaluation runs skip them. */
  snippets?: boolean;
  settings?: RetrievalSettings;
}

export interface SearchResult extends LexicalHit {
  rank: number;
  snippet?: Snippet;
}

export interface SearchOutcome {
  query: string;
  analysis: AnalyzedQuery;
  /** What the store was asked: the words searched and the weighted expansions. */
  lexical: LexicalQuery;
  results: SearchResult[];
  /** Set when the query had nothing searchable in it, to say so instead of showing an empty list silently. */
  notice?: string;
}

const PRIOR_DEPTH = 30;

/** Ranked documents for what a person typed, best first, with highlighted snippets. */
export async function searchDocuments(
  store: CorpusStore,
  text: string,
  options: SearchOptions = {},
): Promise<SearchOutcome> {
  const settings = options.settings ?? DEFAULT_RETRIEVAL;
  const descriptors =
    settings.analysis.meshWeight > 0 ? await descriptorsOf(store) : new Map<string, string>();
  const analysis = analyzeQuery(text, settings.analysis, descriptors);
  const lexical = toLexicalQuery(analysis, settings.analysis);
  if (lexical.terms.length === 0 && (lexical.expansions ?? []).length === 0) {
    return {
      query: text,
      analysis,
      lexical,
      results: [],
      notice: text.trim()
        ? "The query has no searchable words (only common words, symbols or punctuation). Add a medical term."
        : "The query is empty. Type a question or some medical terms.",
    };
  }
  const k = options.k ?? 10;
  const includeRetracted = options.includeRetracted ?? false;
  const query = await withFeedback(store, lexical, analysis, settings.feedback, includeRetracted);
  // Priors reorder a somewhat deeper list, so that a strong design just below the cut can move up into it.
  const retrieved = await store.searchLexical(query, { limit: Math.max(k, PRIOR_DEPTH), includeRetracted });
  const hits = applyEvidencePriors(retrieved, analysis.questionType, settings.priors).slice(0, k);
  const snippets =
    options.snippets === false
      ? new Map<string, Snippet>()
      : await store.snippets(
          query,
          hits.map((hit) => hit.id),
        );
  const results = hits.map((hit, index) => {
    const snippet = snippets.get(hit.id);
    return { ...hit, rank: index + 1, ...(snippet ? { snippet } : {}) };
  });
  return { query: text, analysis, lexical: query, results };
}

/** Adds the relevance-feedback clause from a first retrieval, when feedback is on. */
async function withFeedback(
  store: CorpusStore,
  lexical: LexicalQuery,
  analysis: AnalyzedQuery,
  feedback: FeedbackSettings,
  includeRetracted: boolean,
): Promise<LexicalQuery> {
  if (feedback.weight <= 0 || feedback.terms <= 0) return lexical;
  const first = await store.searchLexical(lexical, { limit: feedback.documents, includeRetracted });
  const documents = await Promise.all(
    first.map(async (hit) => ({ document: await store.getDocument(hit.id), score: hit.score })),
  );
  const queryWords = new Set(analysis.concepts.flatMap((concept) => concept.text.split(" ")));
  const terms = feedbackTerms(
    documents.flatMap(({ document, score }) => (document ? [{ document, score }] : [])),
    queryWords,
    feedback.terms,
  );
  if (terms.length === 0) return lexical;
  return { ...lexical, expansions: [...(lexical.expansions ?? []), { terms, weight: feedback.weight }] };
}

const descriptorIndexes = new WeakMap<readonly string[], DescriptorIndex>();

/** The store's descriptor list, indexed once per list (the store hands back the same list until it changes). */
async function descriptorsOf(store: CorpusStore): Promise<DescriptorIndex> {
  const descriptors = await store.meshDescriptors();
  let index = descriptorIndexes.get(descriptors);
  if (index === undefined) {
    index = descriptorIndex(descriptors);
    descriptorIndexes.set(descriptors, index);
  }
  return index;
}
