import type { SearchField } from "../corpus-store.ts";

/**
 * Turns terms into an FTS5 MATCH expression in which every term is a quoted string, so that user text is never
 * read as FTS5 syntax (NEAR, AND/OR/NOT, `-`, `*`, `:` column filters, parentheses); a quoted multi-word term
 * is a phrase. Returns undefined when no term has a searchable character.
 */
export function fts5MatchExpression(terms: readonly string[], field?: SearchField): string | undefined {
  const parts = terms.filter(searchable).map(quoted);
  if (parts.length === 0) return undefined;
  const expression = parts.join(" OR ");
  return field ? `${field} : (${expression})` : expression;
}

/** Whether a term has a letter or digit to search for (one with none matches nothing). */
export function searchable(term: string): boolean {
  return /[\p{L}\p{N}]/u.test(term);
}

function quoted(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}
