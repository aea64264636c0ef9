import { GalenError } from "../galen-error.ts";
import type { EmbeddingModel } from "../model/embedding-model.ts";
import type { CorpusStore, LexicalHit, LexicalQuery, Snippet } from "../store/corpus-store.ts";
import { applyEvidencePriors } from "./evidence-priors.ts";
import { toLexicalQuery } from "./lexical-query.ts";
import { type AnalyzedQuery, analyzeQuery, type DescriptorIndex, descriptorIndex } from "./query-analysis.ts";
import { reciprocalRankFusion } from "./rank-fusion.ts";
import { type FeedbackSettings, feedbackTerms } from "./relevance-feedback.ts";
import { DEFAULT_RETRIEVAL, type RetrievalSettings } from "./retrieval-settings.ts";

export interface SearchOptions {
  k?: number;
  includeRetracted?: boolean;
  /** Snippets cost a second query; evaluation runs skip them. */
  snippets?: boolean;
  settings?: RetrievalSettings;
  /** Adds dense retrieval (fused with the lexical list) when the store holds this model's vectors. */
  embeddings?: EmbeddingModel;
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
  /** Said instead of failing silently: the query had nothing searchable, or dense retrieval fell back to lexical. */
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
  const depth = Math.max(k, PRIOR_DEPTH);
  const lexicalHits = await store.searchLexical(query, { limit: depth, includeRetracted });
  const dense = options.embeddings
    ? await denseHits(store, options.embeddings, text, { limit: depth, includeRetracted })
    : { hits: [] };
  const retrieved = dense.hits.length > 0 ? reciprocalRankFusion([lexicalHits, dense.hits]) : lexicalHits;
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
  return {
    query: text,
    analysis,
    lexical: query,
    results,
    ...(dense.notice ? { notice: dense.notice } : {}),
  };
}

/**
 * The nearest documents to the question's embedding. A server that is down, slow or answers with vectors of the
 * wrong size gives a notice and no dense hits: the search goes on lexically.
 */
async function denseHits(
  store: CorpusStore,
  model: EmbeddingModel,
  text: string,
  options: { limit: number; includeRetracted: boolean },
): Promise<{ hits: LexicalHit[]; notice?: string }> {
  const stored = await store.embeddingModel();
  if (stored === undefined)
    return { hits: [], notice: "No document vectors yet (run galen embed): lexical results only." };
  if (stored !== model.name) {
    return {
      hits: [],
      notice: `Document vectors are from ${stored}, not ${model.name}: lexical results only.`,
    };
  }
  try {
    const [vector] = await model.embed([text]);
    return { hits: vector ? await store.nearestDocuments(vector, options) : [] };
  } catch (error) {
    if (!(error instanceof GalenError)) throw error;
    return {
      hits: [],
      notice: `Dense retrieval unavailable (${error.message}) Showing lexical results only.`,
    };
  }
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
