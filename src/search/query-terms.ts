import type { LexicalQuery } from "../store/corpus-store.ts";
import { STOP_WORDS } from "./stop-words.ts";

/** Words with their inner hyphens and apostrophes kept (IL-6, COVID-19, Crohn's stay one term). */
const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** Longer input is cut: a question is never this long, and it keeps the query cheap. */
export const MAX_QUERY_CHARACTERS = 2000;

/**
 * Turns what a person typed into search terms: words in lower case, stop words dropped, each term once. Any
 * syntax in the text (quotes, operators, column filters) becomes plain words.
 */
export function queryTerms(text: string): LexicalQuery {
  const words = truncateAtWord(text, MAX_QUERY_CHARACTERS).normalize("NFKC").toLowerCase().match(WORD) ?? [];
  const terms = [...new Set(words.map((word) => word.replaceAll("’", "'")))].filter(
    (word) => !STOP_WORDS.has(word),
  );
  return { terms };
}

function truncateAtWord(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit + 1);
  const lastSpace = cut.search(/\s\S*$/);
  return lastSpace > 0 ? cut.slice(0, lastSpace) : cut.slice(0, limit);
}
