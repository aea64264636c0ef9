import type { EvidenceLevel } from "../../evidence/index.ts";
import type {
  LexicalClause,
  LexicalHit,
  LexicalQuery,
  LexicalSearchOptions,
  SearchField,
  Snippet,
} from "../corpus-store.ts";
import {
  commonTermCap,
  type FieldWeights,
  queryTexts,
  singleWords,
  withoutCommonTerms,
} from "../lexical-ranking.ts";
import { HIGHLIGHT_END, HIGHLIGHT_START, parseHighlights } from "../snippet-marks.ts";
import { type ListCursor, type Posting, thresholdTopK } from "../threshold-top-k.ts";
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
/**
 * How many postings of one word a search reads at most. Past it, a document is found only through its other
 * words, so the ranking is no longer exact for long queries of common words. Measured at 100,000 documents on 400
 * SciFact and PubMedQA queries against the exact ranking: 381 identical top 10s, 99.1% of top-10 documents the
 * same, 399 identical first hits; latency p50 147 → 76 ms, p95 534 → 218 ms. (1,000: 348 identical, 97.0%.)
 */
const POSTINGS_DEPTH = 3_000;
/** Stored impacts are float4: one may fall below the float8 it was rounded from by this factor at most. */
const FLOAT4_ROUNDING = 1 + 1e-6;
/** How long phrase counts are trusted before they are counted again. */
const COUNTS_TTL_MS = 60_000;
/**
 * A phrase is counted exactly (each document holding all its words is checked) when its rarest word is in at most
 * this many documents; past it, its count is the rarest word's, in the clause's field, an upper bound that lowers
 * its IDF a little. At 1,000,000 documents exact counts of phrases of common words ("1-1": '1' <-> '1') took up to
 * 18 s; on SciFact's 5,183 documents every phrase stays exact, so the rankings of both stores still agree.
 */
const EXACT_PHRASE_LIMIT = 2_000;

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
  /** The words typed that a term stands in for (see LexicalClause.standIns), by term. */
  insteadOf: ReadonlyMap<AnalysedTerm, readonly AnalysedTerm[]>;
}

interface ScoringTerm {
  lexemes: string[];
  /** Its place among the query's phrases (-1 for a single word). */
  phraseIndex: number;
  /** The clause's weight times the term's IDF. */
  weight: number;
  labelWeights: ReadonlyMap<string, number>;
  /** Words typed that it stands in for: a document holding any of them is not scored by it. */
  insteadOf: ReadonlyArray<{ lexeme: string; phraseIndex: number }>;
}

interface LexemeCounts extends Record<SearchField, number> {
  /** Documents holding the word anywhere. */
  documents: number;
}

/** What a search's IDFs and length normalisation need (migration 7 keeps these counts). */
interface QueryCounts {
  documents: number;
  averageLength: number;
  lexemes: ReadonlyMap<string, LexemeCounts>;
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
 * tsvector's weight labels) and its length give its exact BM25 with the field weights; clauses add up by
 * weight. Phrases match in order (<->); their frequency is the least of their words'. Word counts (anywhere and
 * per field) and the corpus's size are read at each search (migration 7 keeps them); phrase counts are cached
 * until this process writes, and for a minute at most, so that another process's ingest reaches the scores of a
 * running server.
 */
export class PostgresLexicalSearch {
  private readonly analysed = new Map<string, AnalysedTerm | null>();
  private readonly phraseCounts = new Map<string, number>();
  private countedAt = 0;

  constructor(
    private readonly db: PostgresDatabase,
    private readonly weights: FieldWeights,
    private readonly commonTermShare: number,
  ) {}

  forgetCounts(): void {
    this.phraseCounts.clear();
    this.countedAt = Date.now();
  }

  /** Counts older than a minute are forgotten: other processes may have written since. */
  private freshCounts(): void {
    if (Date.now() - this.countedAt > COUNTS_TTL_MS) this.forgetCounts();
  }

  async search(query: LexicalQuery, options: LexicalSearchOptions): Promise<LexicalHit[]> {
    if (options.limit <= 0) return [];
    this.freshCounts();
    const counts = await this.prepare(query);
    const clauses = this.clauses(await this.withoutCommonTerms(query, counts));
    if (clauses.length === 0) return [];
    const { averageLength } = counts;
    const phrases = [
      ...new Set(
        clauses.flatMap((clause) => [
          ...clause.terms.filter(isPhrase).map((term) => labelled(term.tsquery, clause.field)),
          ...[...clause.insteadOf.values()]
            .flat()
            .filter(isPhrase)
            .map((term) => term.tsquery),
        ]),
      ),
    ];
    const terms = this.scoringTerms(clauses, phrases, await this.inverseFrequencies(clauses, counts));
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
      {
        limit: options.limit,
        slack: this.slack(averageLength),
        maxDepth: POSTINGS_DEPTH,
      },
    );
    return this.describe(found.hits.map((hit) => ({ rowid: hit.id, score: hit.score })));
  }

  /** Documents holding each term, counted up to `cap` (see CorpusStore.documentFrequencies). */
  async documentFrequencies(terms: readonly string[], cap: number): Promise<Map<string, number>> {
    this.freshCounts();
    const counts = await this.prepare({ terms });
    const result = new Map<string, number>();
    for (const text of terms) {
      const term = this.analysed.get(text);
      result.set(text, term ? Math.min(await this.documentFrequency(term, undefined, counts), cap) : 0);
    }
    return result;
  }

  /** Each asked word's next postings, best impact first, resuming after the cursor (an index range, not OFFSET). */
  private async postings(
    requests: ReadonlyArray<{ list: string; after?: ListCursor; limit: number }>,
  ): Promise<Posting[]> {
    const rows = await this.db.rows<{ lexeme: string; doc: string; impact: number }>(
      `SELECT r.lexeme, p.doc, p.impact
       FROM unnest($1::text[], $2::real[], $3::bigint[], $4::int[]) AS r(lexeme, impact, doc, take)
       CROSS JOIN LATERAL (SELECT doc, impact FROM search_postings
         WHERE lexeme = r.lexeme AND (r.impact IS NULL
           OR (impact <= r.impact AND (impact < r.impact OR doc > r.doc)))
         ORDER BY impact DESC, doc LIMIT r.take) AS p`,
      [
        requests.map((request) => request.list),
        requests.map((request) => request.after?.impact ?? null),
        requests.map((request) => request.after?.id ?? null),
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
        [
          ...new Set(
            clauses.flatMap((clause) =>
              [...clause.terms, ...[...clause.insteadOf.values()].flat()].flatMap((term) => term.lexemes),
            ),
          ),
        ],
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
    const counts = await this.prepare(query);
    const clauses = this.clauses(await this.withoutCommonTerms(query, counts));
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
        phraseIndex: isPhrase(term) ? phrases.indexOf(labelled(term.tsquery, clause.field)) : -1,
        weight: clause.weight * (idf.get(frequencyKey(term, clause.field)) ?? 0),
        labelWeights: this.labelWeights(clause.field),
        insteadOf: (clause.insteadOf.get(term) ?? []).map((typed) => ({
          lexeme: typed.lexemes[0] ?? "",
          phraseIndex: isPhrase(typed) ? phrases.indexOf(typed.tsquery) : -1,
        })),
      })),
    );
  }

  /** A candidate's score: the sum over clauses of weight × BM25 of the clause's terms. */
  private score(row: CandidateRow, terms: readonly ScoringTerm[], averageLength: number): number {
    const labels = new Map(row.hits.map(([lexeme, labelsOf]) => [lexeme, labelsOf]));
    const norm = K1 * (1 - B + (B * row.length) / Math.max(averageLength, 1));
    let score = 0;
    for (const term of terms) {
      // A stand-in scores nothing where a word it stands in for is (in any field, as FTS5's NOT matches).
      const typedHere = term.insteadOf.some((typed) =>
        typed.phraseIndex >= 0 ? row.phrases[typed.phraseIndex] === true : labels.has(typed.lexeme),
      );
      if (typedHere) continue;
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
    counts: QueryCounts,
  ): Promise<Map<string, number>> {
    const { documents } = counts;
    const result = new Map<string, number>();
    for (const clause of clauses) {
      for (const term of clause.terms) {
        const n = await this.documentFrequency(term, clause.field, counts);
        result.set(
          frequencyKey(term, clause.field),
          Math.max(Math.log((documents - n + 0.5) / (n + 0.5)), 1e-6),
        );
      }
    }
    return result;
  }

  /**
   * Analyses the query's terms, then reads the corpus's size and the document counts of their words, kept up to
   * date by the postings' triggers (migration 7), in one round trip: read at every search, so that another
   * process's ingest reaches the scores at once.
   */
  private async prepare(query: LexicalQuery): Promise<QueryCounts> {
    const texts = queryTexts(query);
    await this.analyseAll(texts);
    const lexemes = new Set(texts.flatMap((text) => this.analysed.get(text)?.lexemes ?? []));
    // Counts come back as float8, which JavaScript numbers hold exactly (bigint would arrive as text).
    const rows = await this.db.rows<LexemeCounts & { lexeme: string | null; total: number | null }>(
      `SELECT NULL AS lexeme, documents::float8, total_length::float8 AS total, 0::float8 AS title,
         0::float8 AS abstract, 0::float8 AS mesh, 0::float8 AS keywords
       FROM search_corpus
       UNION ALL SELECT lexeme, documents::float8, NULL, title::float8, abstract::float8, mesh::float8, keywords::float8
       FROM search_terms WHERE lexeme = ANY($1::text[])`,
      [[...lexemes]],
    );
    const counts = new Map<string, LexemeCounts>();
    let corpus = { documents: 0, averageLength: 0 };
    for (const { lexeme, total, ...row } of rows) {
      if (lexeme !== null) counts.set(lexeme, row);
      else
        corpus = {
          documents: row.documents,
          averageLength: row.documents > 0 ? (total ?? 0) / row.documents : 0,
        };
    }
    return { ...corpus, lexemes: counts };
  }

  /**
   * Documents matching a term (within a clause's field): a word's count as kept; a phrase's counted (and cached
   * until the next write, a minute at most) when its rarest word is rare enough, else that word's count.
   */
  private async documentFrequency(
    term: AnalysedTerm,
    field: SearchField | undefined,
    counts: QueryCounts,
  ): Promise<number> {
    const holding = (lexeme: string) => {
      const counted = counts.lexemes.get(lexeme);
      return counted === undefined ? 0 : counted[field ?? "documents"];
    };
    if (term.lexemes.length === 1) return holding(term.lexemes[0] ?? "");
    const rarest = Math.min(...term.lexemes.map((lexeme) => counts.lexemes.get(lexeme)?.documents ?? 0));
    if (rarest > EXACT_PHRASE_LIMIT) return Math.min(...term.lexemes.map(holding));
    const tsquery = labelled(term.tsquery, field);
    let count = this.phraseCounts.get(tsquery);
    if (count === undefined) {
      const row = await this.db.row<{ n: string }>(
        "SELECT count(*) AS n FROM documents WHERE search @@ $1::tsquery",
        [tsquery],
      );
      count = Number(row?.n ?? 0);
      this.phraseCounts.set(tsquery, count);
    }
    return count;
  }

  private async withoutCommonTerms(query: LexicalQuery, counts: QueryCounts): Promise<LexicalQuery> {
    if (this.commonTermShare >= 1) return query;
    const cap = commonTermCap(counts.documents, this.commonTermShare);
    const common = new Set<string>();
    for (const word of singleWords(query)) {
      const term = this.analysed.get(word);
      if (term && (await this.documentFrequency(term, undefined, counts)) >= cap) common.add(word);
    }
    return withoutCommonTerms(query, (word) => common.has(word));
  }

  /** The query's weighted clauses with their terms analysed; terms with no lexeme (stop words) are left out. */
  private clauses(query: LexicalQuery): Clause[] {
    const raw: LexicalClause[] = [{ terms: query.terms, weight: 1 }, ...(query.expansions ?? [])];
    const clauses: Clause[] = [];
    const analysed = (texts: readonly string[]) =>
      texts.flatMap((text) => {
        const term = this.analysed.get(text);
        return term ? [term] : [];
      });
    for (const clause of raw) {
      if (!(clause.weight > 0)) continue;
      const terms = analysed(clause.terms);
      const insteadOf = new Map<AnalysedTerm, AnalysedTerm[]>();
      for (const standIn of clause.standIns ?? []) {
        const [term] = analysed([standIn.term]);
        const typed = analysed(standIn.insteadOf);
        if (term && typed.length > 0) insteadOf.set(term, typed);
      }
      if (terms.length > 0)
        clauses.push({
          terms,
          weight: clause.weight,
          insteadOf,
          ...(clause.field ? { field: clause.field } : {}),
        });
    }
    return clauses;
  }

  /** How PostgreSQL's English configuration reads each term, in one query for those not yet cached (it never changes). */
  private async analyseAll(texts: readonly string[]): Promise<void> {
    const missing = texts.filter((text) => !this.analysed.has(text));
    if (missing.length === 0) return;
    const rows = await this.db.rows<{ text: string; lexemes: string[]; tsquery: string }>(
      `SELECT t AS text, tsvector_to_array(to_tsvector('english', t)) AS lexemes,
         phraseto_tsquery('english', t)::text AS tsquery
       FROM unnest($1::text[]) AS t`,
      [missing],
    );
    for (const row of rows) {
      this.analysed.set(
        row.text,
        row.lexemes.length > 0 ? { lexemes: row.lexemes, tsquery: row.tsquery } : null,
      );
    }
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

function isPhrase(term: AnalysedTerm): boolean {
  return term.lexemes.length > 1;
}

/** One tsquery matching any term of any clause. */
function anyOf(clauses: readonly Clause[]): string {
  return [
    ...new Set(
      clauses.flatMap((clause) => clause.terms.map((term) => `(${labelled(term.tsquery, clause.field)})`)),
    ),
  ].join(" | ");
}
