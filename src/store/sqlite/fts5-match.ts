import type { LexicalQuery } from "../corpus-store.ts";

/**
 * Turns query terms into an FTS5 MATCH expression in which every term is a quoted string, so that user text is
 * never read as FTS5 syntax (NEAR, AND/OR/NOT, `-`, `*`, `:` column filters, parentheses). Returns undefined when
 * no term has a searchable character.
 */
export function fts5MatchExpression(query: LexicalQuery): string | undefined {
  const quoted = query.terms
    .filter((term) => /[\p{L}\p{N}]/u.test(term))
    .map((term) => `"${term.replaceAll('"', '""')}"`);
  return quoted.length > 0 ? quoted.join(" OR ") : undefined;
}
