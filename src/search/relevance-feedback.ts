import { abstractText, type EvidenceDocument } from "../evidence/index.ts";
import { STOP_WORDS } from "./stop-words.ts";

/** RM3-style pseudo-relevance feedback: words common in the first results are searched again, with a weight. */
export interface FeedbackSettings {
  /** How many top documents are taken as relevant. */
  documents: number;
  /** How many of their words are added to the query. */
  terms: number;
  /** Weight of the added words relative to the words typed; 0 turns feedback off. */
  weight: number;
}

export const NO_FEEDBACK: FeedbackSettings = { documents: 10, terms: 10, weight: 0 };

const WORD = /\p{L}[\p{L}\p{N}-]*/gu;

/**
 * The relevance model of the top documents: each word's probability in a document (its share of the document's
 * words), averaged over the documents weighted by their share of the retrieval score. The strongest words that
 * the query does not already have are returned.
 */
export function feedbackTerms(
  documents: ReadonlyArray<{ document: EvidenceDocument; score: number }>,
  queryWords: ReadonlySet<string>,
  count: number,
): string[] {
  const total = documents.reduce((sum, { score }) => sum + Math.max(0, score), 0);
  if (total <= 0 || count <= 0) return [];
  const relevance = new Map<string, number>();
  for (const { document, score } of documents) {
    const words = `${document.title} ${abstractText(document)}`.toLowerCase().match(WORD) ?? [];
    if (words.length === 0) continue;
    const share = Math.max(0, score) / total / words.length;
    for (const word of words) {
      if (word.length < 3 || STOP_WORDS.has(word) || queryWords.has(word)) continue;
      relevance.set(word, (relevance.get(word) ?? 0) + share);
    }
  }
  return [...relevance]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([word]) => word);
}
