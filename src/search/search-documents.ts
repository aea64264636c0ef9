import type { CorpusStore, LexicalHit, Snippet } from "../store/corpus-store.ts";
import { queryTerms } from "./query-terms.ts";

export interface SearchOptions {
  k?: number;
  includeRetracted?: boolean;
  /** Snippets cost a second query; evaluation runs skip them. */
  snippets?: boolean;
}

export interface SearchResult extends LexicalHit {
  rank: number;
  snippet?: Snippet;
}

export interface SearchOutcome {
  query: string;
  terms: readonly string[];
  results: SearchResult[];
  /** Set when the query had nothing searchable in it, to say so instead of showing an empty list silently. */
  notice?: string;
}

/** Ranked documents for what a person typed, best first, with highlighted snippets. */
export async function searchDocuments(
  store: CorpusStore,
  text: string,
  options: SearchOptions = {},
): Promise<SearchOutcome> {
  const query = queryTerms(text);
  if (query.terms.length === 0) {
    return {
      query: text,
      terms: [],
      results: [],
      notice: text.trim()
        ? "The query has no searchable words (only common words, symbols or punctuation). Add a medical term."
        : "The query is empty. Type a question or some medical terms.",
    };
  }
  const hits = await store.searchLexical(query, {
    limit: options.k ?? 10,
    includeRetracted: options.includeRetracted ?? false,
  });
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
  return { query: text, terms: query.terms, results };
}
