import type Database from "better-sqlite3";
import type { EvidenceLevel } from "../../evidence/index.ts";
import type {
  LexicalClause,
  LexicalHit,
  LexicalQuery,
  LexicalSearchOptions,
  SearchField,
  SearchIndexWarmUp,
  Snippet,
} from "../corpus-store.ts";
import { commonTermCap, type FieldWeights, withoutCommonTerms } from "../lexical-ranking.ts";
import { fts5MatchExpression, searchable } from "./fts5-match.ts";
import { Fts5Tokens } from "./fts5-tokens.ts";
import { MemoryCache } from "./memory-cache.ts";
import { PassageSnippets } from "./passage-snippet.ts";
import type { PreparedStatements } from "./prepared-statements.ts";
import { ScoreBoard, type ScoredRow } from "./score-board.ts";
import { type Shares, WordIndex } from "./word-index.ts";

/**
 * Memory for the word index's postings when none is set (GALEN_SEARCH_MEMORY_MB), a ceiling rather than an
 * allocation: 100,000 documents take 85 MB, 1,000,000 take 853 MB (search p50 27 / p95 81 ms there; with 256 MB,
 * 53 / 160 ms, words read again and again as queries need them).
 */
export const DEFAULT_SEARCH_MEMORY_BYTES = 1024 * 2 ** 20;
/** Memory for the shares of phrases (multi-word terms), which FTS5 scores. */
const PHRASE_MEMORY_BYTES = 32 * 2 ** 20;

/** Documents looked up per hit asked for at first, so that hiding retracted documents still leaves enough. */
const LOOKUP_FACTOR = 2;
const LOOKUP_EXTRA = 10;

export interface HitRow {
  id: string;
  title: string;
  journal: string | null;
  pub_year: number | null;
  evidence_level: EvidenceLevel;
  retracted: number;
  score: number;
}

/** A term of a clause in a field, with the terms whose documents it skips when it stands in for words typed. */
interface ScoredTerm {
  term: string;
  field: SearchField | undefined;
  weight: number;
  skipping: string[];
}

/**
 * Ranked search over the FTS5 index: a document's score is the sum, over the query's clauses, of each clause's
 * weight times FTS5's bm25() for the clause (column weights given), common words left out. BM25 sums over terms,
 * so each term is scored on its own and the shares added up: a one-token word from the word index in memory
 * (word-index.ts), a phrase by FTS5 (its shares kept in memory too). Counts and shares describe the corpus as it
 * was: they are dropped whenever this connection writes, and whenever FTS5's structure record shows that another
 * connection wrote to the index.
 */
export class Fts5Search {
  /** Per phrase, its document count taken up to `cap` (exact when below it). */
  private readonly frequencies = new Map<string, { count: number; cap: number }>();
  private documents: number | undefined;
  private readonly words: WordIndex;
  private readonly tokens: Fts5Tokens;
  private readonly phrases = new MemoryCache<Shares>(PHRASE_MEMORY_BYTES, (value) => value.count * 12);
  private readonly board = new ScoreBoard();
  private readonly passages = new PassageSnippets();
  /** FTS5's structure record as last seen: it changes with every write to the index, from any connection. */
  private structure: Buffer | undefined;

  constructor(
    db: Database.Database,
    private readonly prepared: PreparedStatements,
    private readonly weights: FieldWeights,
    private readonly commonTermShare: number,
    memoryBytes: number,
  ) {
    this.words = new WordIndex(db, weights, memoryBytes);
    this.tokens = new Fts5Tokens(db);
  }

  /** Drops every count and share kept: the corpus they describe has changed. */
  forget(): void {
    this.frequencies.clear();
    this.phrases.clear();
    this.words.forget();
    this.documents = undefined;
  }

  private statement(sql: string): Database.Statement {
    return this.prepared.get(sql);
  }

  /**
   * Reads the postings of every searchable word into memory, as far as the budget allows; `pause` lets other work
   * run now and then, and stops the reading when it answers false.
   */
  async warm(pause: () => Promise<boolean>): Promise<SearchIndexWarmUp> {
    this.forgetIfWrittenElsewhere();
    return this.words.warm(this.commonCap() - 1, pause);
  }

  search(query: LexicalQuery, options: LexicalSearchOptions): LexicalHit[] {
    if (options.limit <= 0) return [];
    this.forgetIfWrittenElsewhere();
    const terms = scoredTerms(this.withoutCommonTerms(query));
    if (terms.length === 0) return [];
    try {
      for (const { term, field, weight, skipping } of terms) {
        if (skipping.length > 0) {
          this.board.unmark();
          for (const typed of skipping) this.board.markAll(this.sharesOf(typed, field));
        }
        this.board.add(this.sharesOf(term, field), weight, skipping.length > 0);
      }
      return this.bestHits(options);
    } finally {
      this.board.clear();
    }
  }

  /** The best documents on the board, retracted ones left out unless asked for; looks further when they were many. */
  private bestHits(options: LexicalSearchOptions): LexicalHit[] {
    let lookup = options.limit * LOOKUP_FACTOR + LOOKUP_EXTRA;
    for (;;) {
      const best = this.board.best(lookup);
      const hits = this.hitsFor(best).filter((hit) => options.includeRetracted || !hit.retracted);
      if (hits.length >= options.limit || best.length < lookup) return hits.slice(0, options.limit);
      lookup *= 4;
    }
  }

  private hitsFor(best: readonly ScoredRow[]): LexicalHit[] {
    if (best.length === 0) return [];
    const rows = this.statement(
      `SELECT rowid, id, title, journal, pub_year, evidence_level, retracted FROM documents
       WHERE rowid IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(best.map((row) => row.rowid))) as Array<Omit<HitRow, "score"> & { rowid: number }>;
    const byRowid = new Map(rows.map((row) => [row.rowid, row]));
    return best.flatMap(({ rowid, score }) => {
      const row = byRowid.get(rowid);
      return row === undefined ? [] : [toHit({ ...row, score })];
    });
  }

  /**
   * The term's BM25 share in each document holding it (in the field, when given): a one-token term from the word
   * index, a phrase from FTS5. Valid until the next call.
   */
  private sharesOf(term: string, field: SearchField | undefined): Shares {
    const tokens = this.tokens.of(term);
    if (tokens.length === 1) return this.words.sharesOf(tokens[0] as string, field);
    const match = fts5MatchExpression([term], field);
    if (match === undefined || tokens.length === 0) return NO_SHARES;
    const cached = this.phrases.get(match);
    if (cached !== undefined) return cached;
    const { title, abstract, mesh, keywords } = this.weights;
    const bm25 = `bm25(documents_fts, ${Number(title)}, ${Number(abstract)}, ${Number(mesh)}, ${Number(keywords)})`;
    // One row of two JSON arrays crosses into JavaScript faster than a row per document; `LIMIT -1` keeps bm25()
    // inside the FTS5 scan. bm25() is lower-is-better.
    const [rowids, shares] = this.statement(
      `SELECT json_group_array(rowid), json_group_array(s) FROM
         (SELECT rowid, -${bm25} AS s FROM documents_fts WHERE documents_fts MATCH ? LIMIT -1)`,
    )
      .raw()
      .get(match) as [string, string];
    const found: Shares = {
      rowids: Int32Array.from(JSON.parse(rowids) as number[]),
      shares: Float64Array.from(JSON.parse(shares) as number[]),
      count: 0,
    };
    found.count = found.rowids.length;
    this.phrases.set(match, found);
    return found;
  }

  /**
   * A write to the index from another connection (another process ingesting, say) changes the corpus under the
   * counts and shares kept: forget them. Writes elsewhere that leave the index alone (articles, accounts, the
   * audit log) keep them.
   */
  private forgetIfWrittenElsewhere(): void {
    const structure = this.statement("SELECT block FROM documents_fts_data WHERE id = 10").pluck().get() as
      | Buffer
      | undefined;
    if (this.structure !== undefined && !(structure && this.structure.equals(structure))) this.forget();
    this.structure = structure;
  }

  /** The query without its common single words (see common-terms.ts). */
  private withoutCommonTerms(query: LexicalQuery): LexicalQuery {
    if (this.commonTermShare >= 1) return query;
    const cap = this.commonCap();
    return withoutCommonTerms(query, (word) => this.documentFrequency(word, cap) >= cap);
  }

  /** Documents holding each term, counted up to `cap` (see CorpusStore.documentFrequencies). */
  documentFrequencies(terms: readonly string[], cap: number): Map<string, number> {
    this.forgetIfWrittenElsewhere();
    return new Map(terms.map((term) => [term, Math.min(this.documentFrequency(term, cap), cap)]));
  }

  private commonCap(): number {
    return this.commonTermShare >= 1
      ? Number.POSITIVE_INFINITY
      : commonTermCap(this.documentCount(), this.commonTermShare);
  }

  /**
   * Documents containing the term: a one-token word's count from the index; a phrase's counted up to `cap` and
   * kept until the next write (a count taken up to a higher cap, or one that stopped below its cap, answers).
   */
  private documentFrequency(term: string, cap: number): number {
    const tokens = this.tokens.of(term);
    if (tokens.length === 1) return this.words.documentsHolding(tokens[0] as string);
    const known = this.frequencies.get(term);
    if (known && (known.cap >= cap || known.count < known.cap)) return Math.min(known.count, cap);
    const match = fts5MatchExpression([term]);
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

  /**
   * Each hit's passage with the query's words marked, made from its text in JavaScript (passage-snippet.ts):
   * FTS5's snippet() first walks every match of the query's words in the index to reach the hits (about 1 ms of a
   * search at 100,000 documents).
   */
  snippets(query: LexicalQuery, ids: readonly string[]): Map<string, Snippet> {
    this.forgetIfWrittenElsewhere();
    const queryTokens = new Set(
      allClauses(this.withoutCommonTerms(query))
        .filter((clause) => clause.weight > 0)
        .flatMap((clause) => clause.terms.flatMap((term) => this.tokens.of(term))),
    );
    const result = new Map<string, Snippet>();
    if (queryTokens.size === 0 || ids.length === 0) return result;
    const rows = this.statement(
      `SELECT d.id, t.title, t.abstract, t.mesh, t.keywords
       FROM documents d JOIN documents_text t ON t.rowid = d.rowid
       WHERE d.id IN (SELECT value FROM json_each(?))`,
    )
      .raw()
      .all(JSON.stringify(ids)) as Array<[string, ...Array<string | null>]>;
    for (const [id, ...fields] of rows) {
      const snippet = this.passages.snippet(fields, queryTokens);
      if (snippet !== undefined) result.set(id, snippet);
    }
    return result;
  }
}

const NO_SHARES: Shares = { rowids: new Int32Array(0), shares: new Float64Array(0), count: 0 };

function allClauses(query: LexicalQuery): LexicalClause[] {
  return [{ terms: query.terms, weight: 1 }, ...(query.expansions ?? [])];
}

/**
 * Every searchable term of every clause with a weight. A term is scored as FTS5 scores it within its clause:
 * `a OR b` as `a` plus `b`, and a stand-in `(exp NOT (typed…))` as `exp` in the documents holding none of the
 * words typed (FTS5 counts only the phrases of the branches that matched).
 */
function scoredTerms(query: LexicalQuery): ScoredTerm[] {
  return allClauses(query).flatMap((clause) => {
    if (!(clause.weight > 0)) return [];
    const insteadOf = new Map((clause.standIns ?? []).map((standIn) => [standIn.term, standIn.insteadOf]));
    return clause.terms.filter(searchable).map((term) => ({
      term,
      field: clause.field,
      weight: clause.weight,
      skipping: (insteadOf.get(term) ?? []).filter(searchable),
    }));
  });
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
