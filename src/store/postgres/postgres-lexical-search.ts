import type { EvidenceLevel } from "../../evidence/index.ts";
import type {
  LexicalHit,
  LexicalQuery,
  LexicalSearchOptions,
  SearchField,
  Snippet,
} from "../corpus-store.ts";
import { commonTermCap, type FieldWeights, singleWords, withoutCommonTerms } from "../lexical-ranking.ts";
import { HIGHLIGHT_END, HIGHLIGHT_START, parseHighlights } from "../snippet-marks.ts";
import { type Posting, thresholdTopK } from "../threshold-top-k.ts";
import { POSTING_MODEL } from "./migrations.ts";
import type { PostgresDatabase } from "./postgres-database.ts";

/** The tsvector weight label of each field (documents.search is built with these). */
const FIELD_LABELS: Record<SearchField, "A" | "B" | "C" | "D"> = {
  title: "A",
  abstract: "B",
  mesh: "C",
  keywords: "D",
};
/** BM25's term-frequency saturation and length normalisation, as FTS5 uses them (and the stored impacts). */
const { k1: K1, b: B } = POSTING_MODEL;
/** Stored impacts are float4: one may fall below the float8 it was rounded from by this factor at most. */
const FLOAT4_ROUNDING = 1 + 1e-6;
/** How long document counts are trusted before they are read again. */
const COUNTS_TTL_MS = 60_000;

/** A query term as PostgreSQL's English configuration reads it: its lexemes and a tsquery matching it. */
interface AnalysedTerm {
  lexemes: string[];
  /** phraseto_tsquery's text: one lexeme, or lexemes in order joined by <->. */
  tsquery: string;
}

interface Clause {
  terms: AnalysedTerm[];
  weight: number;
  field?: SearchField;
}

interface ScoringTerm {
  lexemes: string[];
  /** Its place among the query's phrases (-1 for a single word). */
  phraseIndex: number;
  /** The clause's weight times the term's IDF. */
  weight: number;
  labelWeights: ReadonlyMap<string, number>;
}

interface CandidateRow {
  rowid: string;
  length: number;
  hits: Array<[string, string[]]>;
  phrases: boolean[];
}

/**
 * BM25 over PostgreSQL's weighted tsvector, scored as FTS5 scores it, so that both stores rank alike: the
 * impact-ordered postings (migration 5) give each word's best documents first, and the threshold algorithm reads
 * them until no unread document can enter the top k; each candidate's term frequencies per field (from the
 * tsvector's weight labels) and its length give its exact BM25 with the field weights; clauses add up by weight. Phrases match in
 * order (<->); their frequency is the least of their words'. Document counts are cached until this process
 * writes, and for a minute at most, so that another process's ingest reaches the scores of a running server.
 */
export class PostgresLexicalSearch {
  private readonly analysed = new Map<string, AnalysedTerm | null>();
  private readonly frequencies = new Map<string, number>();
  private corpus: { documents: number; averageLength: number } | undefined;
  private countedAt = 0;

  constructor(
    private readonly db: PostgresDatabase,
    private readonly weights: FieldWeights,
    private readonly commonTermShare: number,
  ) {}

  forgetCounts(): void {
    this.frequencies.clear();
    this.corpus = undefined;
    this.countedAt = Date.now();
  }

  /** Counts older than a minute are forgotten: other processes may have written since. */
  private freshCounts(): void {
    if (Date.now() - this.countedAt > COUNTS_TTL_MS) this.forgetCounts();
  }

  async search(query: LexicalQuery, options: LexicalSearchOptions): Promise<LexicalHit[]> {
    if (options.limit <= 0) return [];
    this.freshCounts();
    const clauses = await this.clauses(await this.withoutCommonTerms(query));
    if (clauses.length === 0) return [];
    const { documents, averageLength } = await this.corpusSize();
    const phrases = clauses.flatMap((clause) =>
      clause.terms
        .filter((term) => term.lexemes.length > 1)
        .map((term) => labelled(term.tsquery, clause.field)),
    );
    const terms = this.scoringTerms(clauses, phrases, await this.inverseFrequencies(clauses, documents));
    const found = await thresholdTopK(
      terms.map((term) => ({ weight: term.weight, lists: term.lexemes })),
      {
        read: (requests) => this.postings(requests),
        score: async (rowids) => {
          const rows = await this.candidates(rowids, clauses, phrases, options.includeRetracted === true);
          // A word read in a posting may still not match: the phrase is not there, or the word is outside the
          // clause's field. Such documents score nothing and are not hits.
          return new Map(
            rows
              .map((row) => [String(row.rowid), this.score(row, terms, averageLength)] as const)
              .filter(([, score]) => score > 0),
          );
        },
      },
      { limit: options.limit, slack: this.slack(averageLength) },
    );
    return this.describe(found.hits.map((hit) => ({ rowid: hit.id, score: hit.score })));
  }

  /** Each asked word's postings, best impact first. */
  private async postings(
    requests: ReadonlyArray<{ list: string; offset: number; limit: number }>,
  ): Promise<Posting[]> {
    const rows = await this.db.rows<{ lexeme: string; doc: string; impact: number }>(
      `SELECT r.lexeme, p.doc, p.impact
       FROM unnest($1::text[], $2::int[], $3::int[]) AS r(lexeme, skip, take)
       CROSS JOIN LATERAL (SELECT doc, impact FROM search_postings WHERE lexeme = r.lexeme
         ORDER BY impact DESC, doc OFFSET r.skip LIMIT r.take) AS p`,
      [
        requests.map((request) => request.list),
        requests.map((request) => request.offset),
        requests.map((request) => request.limit),
      ],
    );
    return rows.map((row) => ({ list: row.lexeme, id: String(row.doc), impact: row.impact }));
  }

  /** What exact scoring needs of each candidate: its length, its query words' labels, the phrases it holds. */
  private candidates(
    rowids: readonly string[],
    clauses: readonly Clause[],
    phrases: readonly string[],
    includeRetracted: boolean,
  ): Promise<CandidateRow[]> {
    return this.db.rows<CandidateRow>(
      `SELECT d.rowid, d.length,
         (SELECT coalesce(json_agg(json_build_array(u.lexeme, u.weights)), '[]'::json)
            FROM unnest(d.search) u WHERE u.lexeme = ANY($2::text[])) AS hits,
         ARRAY(SELECT d.search @@ p::tsquery FROM unnest($3::text[]) WITH ORDINALITY AS x(p, n) ORDER BY n) AS phrases
       FROM documents d
       WHERE d.rowid = ANY($1::bigint[]) AND ($4 OR NOT d.retracted)`,
      [
        rowids,
        [...new Set(clauses.flatMap((clause) => clause.terms.flatMap((term) => term.lexemes)))],
        phrases,
        includeRetracted,
      ],
    );
  }

  /**
   * How far a stored impact may fall short of the score it bounds: stored impacts weigh fields as POSTING_MODEL
   * does and normalise length by its reference length; this store may weigh a field more (a frequency α times
   * higher saturates to at most α times the score), and a corpus average above the reference normalises less (at
   * most average / reference times the score). Float4 rounding of stored impacts is allowed for too.
   */
  private slack(averageLength: number): number {
    const { title, other, referenceLength } = POSTING_MODEL;
    const fields = Math.max(
      this.weights.title / title,
      this.weights.abstract / other,
      this.weights.mesh / other,
      this.weights.keywords / other,
    );
    return Math.max(1, fields) * Math.max(1, averageLength / referenceLength) * FLOAT4_ROUNDING;
  }

  async snippets(query: LexicalQuery, ids: readonly string[]): Promise<Map<string, Snippet>> {
    const result = new Map<string, Snippet>();
    const clauses = await this.clauses(await this.withoutCommonTerms(query));
    if (clauses.length === 0 || ids.length === 0) return result;
    const rows = await this.db.rows<{ id: string; snippet: string }>(
      `SELECT id, ts_headline('english', CASE WHEN abstract <> '' THEN abstract ELSE title END, $1::tsquery,
         'StartSel="${HIGHLIGHT_START}", StopSel="${HIGHLIGHT_END}", MaxWords=40, MinWords=15, MaxFragments=1, FragmentDelimiter=" … "') AS snippet
       FROM documents WHERE id = ANY($2::text[]) AND search @@ $1::tsquery`,
      [anyOf(clauses), ids],
    );
    for (const row of rows) result.set(row.id, parseHighlights(row.snippet));
    return result;
  }

  /** Each clause's terms with what scoring them needs, worked out once per query rather than per candidate. */
  private scoringTerms(
    clauses: readonly Clause[],
    phrases: readonly string[],
    idf: ReadonlyMap<string, number>,
  ): ScoringTerm[] {
    return clauses.flatMap((clause) =>
      clause.terms.map((term) => ({
        lexemes: term.lexemes,
        phraseIndex: term.lexemes.length > 1 ? phrases.indexOf(labelled(term.tsquery, clause.field)) : -1,
        weight: clause.weight * (idf.get(frequencyKey(term, clause.field)) ?? 0),
        labelWeights: this.labelWeights(clause.field),
      })),
    );
  }

  /** A candidate's score: the sum over clauses of weight × BM25 of the clause's terms. */
  private score(row: CandidateRow, terms: readonly ScoringTerm[], averageLength: number): number {
    const labels = new Map(row.hits.map(([lexeme, labelsOf]) => [lexeme, labelsOf]));
    const norm = K1 * (1 - B + (B * row.length) / Math.max(averageLength, 1));
    let score = 0;
    for (const term of terms) {
      // A phrase counts only where its words stand together; its frequency is the least of its words'.
      if (term.phraseIndex >= 0 && row.phrases[term.phraseIndex] !== true) continue;
      const frequency = Math.min(
        ...term.lexemes.map((lexeme) =>
          (labels.get(lexeme) ?? []).reduce((sum, label) => sum + (term.labelWeights.get(label) ?? 0), 0),
        ),
      );
      if (frequency > 0) score += term.weight * ((frequency * (K1 + 1)) / (frequency + norm));
    }
    return score;
  }

  /** What an occurrence under each weight label counts: its field's weight, or nothing outside a clause's field. */
  private labelWeights(field: SearchField | undefined): Map<string, number> {
    return new Map(
      (Object.entries(FIELD_LABELS) as Array<[SearchField, string]>).map(([name, label]) => [
        label,
        field === undefined || field === name ? this.weights[name] : 0,
      ]),
    );
  }

  /** FTS5's IDF for each term: log((N − n + 0.5) / (n + 0.5)), never below a millionth. */
  private async inverseFrequencies(
    clauses: readonly Clause[],
    documents: number,
  ): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    for (const clause of clauses) {
      for (const term of clause.terms) {
        const n = await this.documentFrequency(labelled(term.tsquery, clause.field));
        result.set(
          frequencyKey(term, clause.field),
          Math.max(Math.log((documents - n + 0.5) / (n + 0.5)), 1e-6),
        );
      }
    }
    return result;
  }

  /** Documents matching a tsquery, counted up to `cap` when given, cached until the next write. */
  private async documentFrequency(tsquery: string, cap?: number): Promise<number> {
    const key = `${cap ?? ""}:${tsquery}`;
    let count = this.frequencies.get(key);
    if (count === undefined) {
      const row = await this.db.row<{ n: string }>(
        cap === undefined
          ? "SELECT count(*) AS n FROM documents WHERE search @@ $1::tsquery"
          : "SELECT count(*) AS n FROM (SELECT 1 FROM documents WHERE search @@ $1::tsquery LIMIT $2) AS m",
        cap === undefined ? [tsquery] : [tsquery, cap],
      );
      count = Number(row?.n ?? 0);
      this.frequencies.set(key, count);
    }
    return count;
  }

  private async withoutCommonTerms(query: LexicalQuery): Promise<LexicalQuery> {
    if (this.commonTermShare >= 1) return query;
    const cap = commonTermCap((await this.corpusSize()).documents, this.commonTermShare);
    const common = new Set<string>();
    for (const word of singleWords(query)) {
      const term = await this.analyse(word);
      if (term && (await this.documentFrequency(term.tsquery, cap)) >= cap) common.add(word);
    }
    return withoutCommonTerms(query, (word) => common.has(word));
  }

  /** The query's weighted clauses with their terms analysed; terms with no lexeme (stop words) are left out. */
  private async clauses(query: LexicalQuery): Promise<Clause[]> {
    const raw = [{ terms: query.terms, weight: 1 }, ...(query.expansions ?? [])];
    const clauses: Clause[] = [];
    for (const clause of raw) {
      if (!(clause.weight > 0)) continue;
      const terms: AnalysedTerm[] = [];
      for (const text of clause.terms) {
        const term = await this.analyse(text);
        if (term) terms.push(term);
      }
      if (terms.length > 0)
        clauses.push({ terms, weight: clause.weight, ...(clause.field ? { field: clause.field } : {}) });
    }
    return clauses;
  }

  /** How PostgreSQL's English configuration reads a term; cached, since it never changes. */
  private async analyse(text: string): Promise<AnalysedTerm | undefined> {
    if (!this.analysed.has(text)) {
      const row = await this.db.row<{ lexemes: string[]; tsquery: string }>(
        "SELECT tsvector_to_array(to_tsvector('english', $1)) AS lexemes, phraseto_tsquery('english', $1)::text AS tsquery",
        [text],
      );
      this.analysed.set(
        text,
        row && row.lexemes.length > 0 ? { lexemes: row.lexemes, tsquery: row.tsquery } : null,
      );
    }
    return this.analysed.get(text) ?? undefined;
  }

  private async corpusSize(): Promise<{ documents: number; averageLength: number }> {
    if (this.corpus === undefined) {
      const row = await this.db.row<{ n: string; average: number | null }>(
        "SELECT count(*) AS n, avg(length)::float8 AS average FROM documents",
      );
      this.corpus = { documents: Number(row?.n ?? 0), averageLength: row?.average ?? 0 };
    }
    return this.corpus;
  }

  private async describe(scored: ReadonlyArray<{ rowid: string; score: number }>): Promise<LexicalHit[]> {
    if (scored.length === 0) return [];
    const rows = await this.db.rows<DocumentFacts & { rowid: string }>(
      "SELECT rowid, id, title, journal, pub_year, evidence_level, retracted FROM documents WHERE rowid = ANY($1::bigint[])",
      [scored.map((hit) => hit.rowid)],
    );
    const byRowid = new Map(rows.map((row) => [String(row.rowid), row]));
    return scored.flatMap(({ rowid, score }) => {
      const row = byRowid.get(String(rowid));
      return row ? [toHit(row, score)] : [];
    });
  }
}

export interface DocumentFacts {
  id: string;
  title: string;
  journal: string | null;
  pub_year: number | null;
  evidence_level: EvidenceLevel;
  retracted: boolean;
}

export function toHit(row: DocumentFacts, score: number): LexicalHit {
  return {
    id: row.id,
    title: row.title,
    ...(row.journal ? { journal: row.journal } : {}),
    ...(row.pub_year ? { year: row.pub_year } : {}),
    evidenceLevel: row.evidence_level,
    retracted: row.retracted,
    score,
  };
}

/** A tsquery restricted to one field's weight label ('pars':C <-> 'defect':C), or unrestricted. */
function labelled(tsquery: string, field: SearchField | undefined): string {
  return field === undefined
    ? tsquery
    : tsquery.replace(/'(?:[^']|'')*'/g, (lexeme) => `${lexeme}:${FIELD_LABELS[field]}`);
}

function frequencyKey(term: AnalysedTerm, field: SearchField | undefined): string {
  return labelled(term.tsquery, field);
}

/** One tsquery matching any term of any clause. */
function anyOf(clauses: readonly Clause[]): string {
  return [
    ...new Set(
      clauses.flatMap((clause) => clause.terms.map((term) => `(${labelled(term.tsquery, clause.field)})`)),
    ),
  ].join(" | ");
}
