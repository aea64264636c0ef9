import type Database from "better-sqlite3";
import type { EvidenceLevel } from "../../evidence/index.ts";
import type {
  LexicalClause,
  LexicalHit,
  LexicalQuery,
  LexicalSearchOptions,
  Snippet,
} from "../corpus-store.ts";
import { commonTermCap, type FieldWeights, withoutCommonTerms } from "../lexical-ranking.ts";
import { HIGHLIGHT_END, HIGHLIGHT_START, parseHighlights } from "../snippet-marks.ts";
import { clauseMatch } from "./fts5-match.ts";
import type { PreparedStatements } from "./prepared-statements.ts";

/** How many of each clause's best matches become candidates (see summedClausesSql). */
const CANDIDATE_DEPTH = 200;
/**
 * Words in more than this share of the documents bring no candidates of their own: they are scored only for the
 * candidates the rarer words bring. Measured at 100,000 documents on 400 SciFact and PubMedQA queries: search p50
 * 30.7 → 16.9 ms, p95 63.3 → 38.7 ms, the same top 10 for 386 of 400 queries and 99.4% of their documents
 * (docs/BENCHMARKS.md). At 0.02, 13.7 / 34.7 ms but 371 of 400 and SciFact −0.0004.
 */
export const DEFAULT_CANDIDATE_TERM_SHARE = 0.05;

/**
 * A word in fewer documents than this always brings candidates, however small the corpus: scoring its matches
 * costs under a millisecond (bench: about 0.6 µs a match at 100,000 documents), and leaving it out cost Recall@100
 * on the small evaluation corpora (SciFact 0.9275 → 0.9214, the mismatch set 0.9752 → 0.9628) while changing no
 * top 10. Above 20,000 documents the share decides.
 */
const FREQUENT_TERM_FLOOR = 1_000;

/** A clause's FTS5 expression and weight; `rescored` clauses bring no candidates, they only add to their scores. */
interface WeightedMatch {
  match: string;
  weight: number;
  rescored: boolean;
}

/** The query's clauses with their FTS5 expressions; clauses with nothing searchable are left out. */
function weightedClauses(query: LexicalQuery): WeightedMatch[] {
  return weightedMatches(allClauses(query), false);
}

function weightedMatches(clauses: readonly LexicalClause[], rescored: boolean): WeightedMatch[] {
  return clauses.flatMap((clause) => {
    const match = clauseMatch(clause);
    return match === undefined || !(clause.weight > 0) ? [] : [{ match, weight: clause.weight, rescored }];
  });
}

function allClauses(query: LexicalQuery): LexicalClause[] {
  return [{ terms: query.terms, weight: 1 }, ...(query.expansions ?? [])];
}

/**
 * A clause's best matches in `order` (best BM25 first unless given), `limit` of them (-1: all), with their
 * weighted scores as `s` when `scored`.
 */
function bestMatchesSql(bm25: string, limit: string, options: { scored: boolean; order?: string }): string {
  const score = options.scored ? `, ${bm25} * ? AS s` : "";
  const order = options.order ?? bm25;
  return `SELECT rowid${score} FROM documents_fts WHERE documents_fts MATCH ? ORDER BY ${order} LIMIT ${limit}`;
}

/**
 * CTEs that give `scored` (rowid, s): each clause's weighted score for every candidate it matches, the candidates
 * being each clause's best `depth` matches, so that a document's score is its full sum (one just outside a
 * clause's best still gets that clause's share). The main clause, the costliest, is read once: the other
 * clauses' best come first in its order, then its own best (a CASE rather than a second sort key: measured
 * cheaper). The other clauses are read again for the candidates: `+rowid` keeps FTS5 from looking each one up on
 * its own, which recounts the clause's words for every candidate; `LIMIT -1` keeps bm25() inside the FTS5 scan.
 */
function summedClausesSql(bm25: string, others: number, rescored: number, depth: number): string {
  const othersBest =
    others > 0
      ? Array.from(
          { length: others },
          () => `SELECT rowid FROM (${bestMatchesSql(bm25, String(depth), { scored: false })})`,
        ).join(" UNION ")
      : "SELECT NULL AS rowid LIMIT 0";
  const mainDepth = depth < 0 ? "-1" : `${depth} + (SELECT count(*) FROM others)`;
  const mainOrder = `CASE WHEN rowid IN others THEN -1e300 ELSE ${bm25} END`;
  const othersScored = Array.from(
    { length: others + rescored },
    () => `SELECT * FROM (SELECT rowid, ${bm25} * ? AS s FROM documents_fts
      WHERE documents_fts MATCH ? AND +rowid IN candidates LIMIT -1)`,
  );
  return `others AS MATERIALIZED (${othersBest}),
    main AS MATERIALIZED (${bestMatchesSql(bm25, mainDepth, { scored: true, order: mainOrder })}),
    candidates AS MATERIALIZED (SELECT rowid FROM main UNION SELECT rowid FROM others),
    scored AS (${["SELECT rowid, s FROM main", ...othersScored].join(" UNION ALL ")})`;
}

export interface HitRow {
  id: string;
  title: string;
  journal: string | null;
  pub_year: number | null;
  evidence_level: EvidenceLevel;
  retracted: number;
  score: number;
}

/**
 * Ranked search over the FTS5 index: weighted BM25 clauses, common words left out, snippets. Counts it keeps
 * (documents, word frequencies) are dropped by the store whenever it writes.
 */
export class Fts5Search {
  /** Per term, its document count taken up to `cap` (exact when below it). */
  private readonly frequencies = new Map<string, { count: number; cap: number }>();
  private documents: number | undefined;

  constructor(
    private readonly prepared: PreparedStatements,
    private readonly weights: FieldWeights,
    private readonly commonTermShare: number,
    private readonly candidateTermShare: number,
  ) {}

  forgetCounts(): void {
    this.frequencies.clear();
    this.documents = undefined;
  }

  private statement(sql: string): Database.Statement {
    return this.prepared.get(sql);
  }

  search(query: LexicalQuery, options: LexicalSearchOptions): LexicalHit[] {
    if (options.limit <= 0) return [];
    const searched = this.withoutCommonTerms(query);
    const clauses = weightedClauses(searched);
    if (clauses.length === 0) return [];
    // Each clause's best matches (a few more than asked, so that hiding retracted documents still leaves enough)
    // are the candidates; a candidate's score sums the weighted BM25 of every clause it matches. When the rarer
    // words bring too few, frequent words bring candidates too; when hiding retracted documents still leaves too
    // few, every match is a candidate.
    const depth = Math.max(CANDIDATE_DEPTH, options.limit * 2);
    const rarer = this.rarerFirst(searched, depth);
    const first = rarer ? this.rankClauses(rarer, options, depth) : [];
    const whole = first.length < options.limit ? this.rankClauses(clauses, options, depth) : first;
    return whole.length < options.limit ? this.rankClauses(clauses, options, -1) : whole;
  }

  /**
   * Each clause split in two: its rarer words and phrases, which bring candidates, and its frequent words, which
   * are scored for those candidates only. BM25 sums over words, so a candidate's score is the same either way.
   * Undefined when no clause has frequent words beside rarer ones.
   */
  private rarerFirst(query: LexicalQuery, depth: number): WeightedMatch[] | undefined {
    if (this.candidateTermShare >= 1) return undefined;
    // A word in fewer documents than the candidates taken brings all of them anyway.
    const cap = Math.max(
      depth,
      FREQUENT_TERM_FLOOR,
      Math.ceil(this.documentCount() * this.candidateTermShare),
    );
    const frequent = (term: string) => !term.includes(" ") && this.documentFrequency(term, cap) >= cap;
    const finding: LexicalClause[] = [];
    const rescored: LexicalClause[] = [];
    for (const clause of allClauses(query)) {
      const rarer = clause.terms.filter((term) => !frequent(term));
      if (rarer.length === 0 || rarer.length === clause.terms.length) finding.push(clause);
      else {
        finding.push({ ...clause, terms: rarer });
        rescored.push({ ...clause, terms: clause.terms.filter(frequent) });
      }
    }
    if (rescored.length === 0) return undefined;
    return [...weightedMatches(finding, false), ...weightedMatches(rescored, true)];
  }

  private rankClauses(
    clauses: readonly WeightedMatch[],
    options: LexicalSearchOptions,
    depth: number,
  ): LexicalHit[] {
    const [main, ...rest] = clauses;
    if (!main) return [];
    const others = rest.filter((clause) => !clause.rescored);
    const rescored = rest.filter((clause) => clause.rescored);
    const { title, abstract, mesh, keywords } = this.weights;
    const bm25 = `bm25(documents_fts, ${Number(title)}, ${Number(abstract)}, ${Number(mesh)}, ${Number(keywords)})`;
    // bm25() is lower-is-better; the sum is negated so that every store reports higher-is-better scores.
    const scored =
      rest.length > 0
        ? summedClausesSql(bm25, others.length, rescored.length, depth)
        : `scored AS (${bestMatchesSql(bm25, String(depth), { scored: true })})`;
    const sql = `
      WITH ${scored}
      SELECT d.id, d.title, d.journal, d.pub_year, d.evidence_level, d.retracted, -sum(u.s) AS score
      FROM scored AS u JOIN documents d ON d.rowid = u.rowid
      WHERE ? OR d.retracted = 0
      GROUP BY u.rowid ORDER BY sum(u.s) LIMIT ?`;
    const parameters = [
      ...others.map((clause) => clause.match),
      main.weight,
      main.match,
      ...[...others, ...rescored].flatMap((clause) => [clause.weight, clause.match]),
    ];
    const rows = this.statement(sql).all(
      ...parameters,
      options.includeRetracted ? 1 : 0,
      options.limit,
    ) as HitRow[];
    return rows.map(toHit);
  }

  /** The query without its common single words (see common-terms.ts). */
  private withoutCommonTerms(query: LexicalQuery): LexicalQuery {
    if (this.commonTermShare >= 1) return query;
    const cap = commonTermCap(this.documentCount(), this.commonTermShare);
    return withoutCommonTerms(query, (word) => this.documentFrequency(word, cap) >= cap);
  }

  /**
   * Documents containing the term, counted up to `cap` and cached until the next write; a count already taken up
   * to a higher cap, or one that stopped below its cap, answers without counting again.
   */
  private documentFrequency(term: string, cap: number): number {
    const known = this.frequencies.get(term);
    if (known && (known.cap >= cap || known.count < known.cap)) return Math.min(known.count, cap);
    const match = clauseMatch({ terms: [term] });
    const count =
      match === undefined
        ? 0
        : (
            this.statement(
              "SELECT count(*) AS n FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)",
            ).get(match, cap) as { n: number }
          ).n;
    this.frequencies.set(term, { count, cap });
    return count;
  }

  private documentCount(): number {
    this.documents ??= (this.statement("SELECT count(*) AS n FROM documents").get() as { n: number }).n;
    return this.documents;
  }

  snippets(query: LexicalQuery, ids: readonly string[]): Map<string, Snippet> {
    const match = weightedClauses(this.withoutCommonTerms(query))
      .map((clause) => `(${clause.match})`)
      .join(" OR ");
    const result = new Map<string, Snippet>();
    if (match === "" || ids.length === 0) return result;
    const sql = `
      SELECT d.id, snippet(documents_fts, -1, '${HIGHLIGHT_START}', '${HIGHLIGHT_END}', '…', 40) AS snippet
      FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
      WHERE documents_fts MATCH ?
        AND documents_fts.rowid IN (SELECT rowid FROM documents WHERE id IN (SELECT value FROM json_each(?)))`;
    const rows = this.statement(sql).all(match, JSON.stringify(ids)) as Array<{
      id: string;
      snippet: string;
    }>;
    for (const row of rows) result.set(row.id, parseHighlights(row.snippet));
    return result;
  }
}

export function toHit(row: HitRow): LexicalHit {
  return {
    id: row.id,
    title: row.title,
    ...(row.journal ? { journal: row.journal } : {}),
    ...(row.pub_year ? { year: row.pub_year } : {}),
    evidenceLevel: row.evidence_level,
    retracted: row.retracted === 1,
    score: row.score,
  };
}
