import type { LexicalClause, SearchField, StandIn } from "../corpus-store.ts";

/**
 * Turns terms into an FTS5 MATCH expression in which every term is a quoted string, so that user text is never
 * read as FTS5 syntax (NEAR, AND/OR/NOT, `-`, `*`, `:` column filters, parentheses); a quoted multi-word term
 * is a phrase. A stand-in term matches only where none of the words it stands in for are: FTS5's bm25() counts
 * the phrases of the branches that matched, so the words after NOT add nothing to the score. Returns undefined
 * when no term has a searchable character.
 */
export function fts5MatchExpression(
  terms: readonly string[],
  field?: SearchField,
  standIns: readonly StandIn[] = [],
): string | undefined {
  const insteadOf = new Map(standIns.map((standIn) => [standIn.term, standIn.insteadOf.filter(searchable)]));
  const parts = terms.filter(searchable).map((term) => {
    const typed = insteadOf.get(term) ?? [];
    return typed.length > 0 ? `(${quoted(term)} NOT (${typed.map(quoted).join(" OR ")}))` : quoted(term);
  });
  if (parts.length === 0) return undefined;
  const expression = parts.join(" OR ");
  return field ? `${field} : (${expression})` : expression;
}

export function clauseMatch(clause: Pick<LexicalClause, "terms" | "field" | "standIns">): string | undefined {
  return fts5MatchExpression(clause.terms, clause.field, clause.standIns);
}

function searchable(term: string): boolean {
  return /[\p{L}\p{N}]/u.test(term);
}

function quoted(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}
