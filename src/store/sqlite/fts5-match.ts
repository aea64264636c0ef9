import type { LexicalClause, SearchField } from "../corpus-store.ts";

/**
 * Turns terms into an FTS5 MATCH expression in which every term is a quoted string, so that user text is never
 * read as FTS5 syntax (NEAR, AND/OR/NOT, `-`, `*`, `:` column filters, parentheses); a quoted multi-word term
 * is a phrase. Returns undefined when no term has a searchable character.
 */
export function fts5MatchExpression(terms: readonly string[], field?: SearchField): string | undefined {
  const quoted = terms
    .filter((term) => /[\p{L}\p{N}]/u.test(term))
    .map((term) => `"${term.replaceAll('"', '""')}"`);
  if (quoted.length === 0) return undefined;
  const expression = quoted.join(" OR ");
  return field ? `${field} : (${expression})` : expression;
}

export function clauseMatch(clause: Pick<LexicalClause, "terms" | "field">): string | undefined {
  return fts5MatchExpression(clause.terms, clause.field);
}
