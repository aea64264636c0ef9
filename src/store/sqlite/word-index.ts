import type Database from "better-sqlite3";
import type { SearchField, SearchIndexWarmUp } from "../corpus-store.ts";
import type { FieldWeights } from "../lexical-ranking.ts";
import { MemoryCache } from "./memory-cache.ts";

/** `documents_fts`'s columns in their order (migration 1). */
const COLUMNS: readonly SearchField[] = ["title", "abstract", "mesh", "keywords"];
/** FTS5's bm25() constants. */
const K1 = 1.2;
const B = 0.75;
/** Counts held per posting: one per column. */
const STRIDE = 4;
/** Bytes a posting takes in memory: its rowid, and its count in each column. */
const POSTING_BYTES = 4 + STRIDE;
/** Counts above this are held as this: BM25 saturates long before (at 255 a word scores 99.5% of its limit). */
const MAX_COUNT = 255;

/** A token's postings: the rowids of the documents holding it, ascending, and its count in each column of each. */
interface TokenPostings {
  rowids: Int32Array;
  /** STRIDE counts per posting, in COLUMNS' order. */
  counts: Uint8Array;
}

/** A term's BM25 share in each document holding it: the first `count` entries of the arrays. */
export interface Shares {
  rowids: Int32Array;
  shares: Float64Array;
  count: number;
}

/**
 * FTS5's own index, read into memory a token at a time (its postings, from fts5vocab), so that a token's BM25
 * share in every document that holds it is computed in JavaScript at a few nanoseconds a document, where FTS5's
 * bm25() costs about 0.6 µs a match. The shares are FTS5's to the last digit: the same IDF (documents holding the
 * token, in the field when a field is asked), the same document lengths (FTS5's docsize table) and average, the
 * same column weights. Everything read describes the corpus as it was: drop it with `forget` after any write.
 */
export class WordIndex {
  private readonly postings: MemoryCache<TokenPostings>;
  /** Per rowid, BM25's length normalisation k1 × (1 − b + b × length / average length), as FTS5 computes it. */
  private norms: Float64Array | undefined;
  private rows = 0;
  private scratch: Shares = { rowids: new Int32Array(0), shares: new Float64Array(0), count: 0 };
  /** Documents holding each token whose postings are not in memory (the commonest words are never read). */
  private readonly documentCounts = new Map<string, number>();
  private statements: { instances: Database.Statement; documents: Database.Statement } | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly weights: FieldWeights,
    budgetBytes: number,
  ) {
    this.postings = new MemoryCache(budgetBytes, (value) => value.rowids.length * POSTING_BYTES);
  }

  forget(): void {
    this.postings.clear();
    this.documentCounts.clear();
    this.norms = undefined;
  }

  /** Documents holding the token (in any field), from memory when its postings are there. */
  documentsHolding(token: string): number {
    const held = this.postings.get(token);
    if (held !== undefined) return held.rowids.length;
    let count = this.documentCounts.get(token);
    if (count === undefined) {
      count = (this.vocabulary().documents.get(token) as number | undefined) ?? 0;
      this.documentCounts.set(token, count);
    }
    return count;
  }

  /**
   * The token's BM25 share in each document holding it (in `field` only, when given), as FTS5's bm25() gives it
   * for the token alone. The arrays are reused by the next call: read them before asking again.
   */
  sharesOf(token: string, field: SearchField | undefined): Shares {
    const { rowids, counts } = this.tokenPostings(token);
    const norms = this.lengthNorms();
    const column = field === undefined ? -1 : COLUMNS.indexOf(field);
    const [title, abstract, mesh, keywords] = COLUMNS.map((name) => Number(this.weights[name])) as [
      number,
      number,
      number,
      number,
    ];
    const weight = column < 0 ? 0 : Number(this.weights[field as SearchField]);
    const holding = column < 0 ? rowids.length : countHolding(counts, column);
    const idf = inverseDocumentFrequency(this.rows, holding);
    const out = this.scratchFor(holding);
    let count = 0;
    for (let i = 0; i < rowids.length; i++) {
      const at = i * STRIDE;
      const frequency =
        column < 0
          ? title * (counts[at] as number) +
            abstract * (counts[at + 1] as number) +
            mesh * (counts[at + 2] as number) +
            keywords * (counts[at + 3] as number)
          : weight * (counts[at + column] as number);
      if (frequency === 0) continue;
      const rowid = rowids[i] as number;
      out.rowids[count] = rowid;
      out.shares[count] = idf * ((frequency * (K1 + 1.0)) / (frequency + (norms[rowid] as number)));
      count++;
    }
    out.count = count;
    return out;
  }

  /**
   * Reads into memory the postings of every token in at most `maxDocuments` documents, the most widespread first
   * (the costliest to read at query time), while the budget lasts; `pause` lets other work run every 20 ms or so,
   * and stops the reading when it answers false.
   */
  async warm(maxDocuments: number, pause: () => Promise<boolean>): Promise<SearchIndexWarmUp> {
    this.vocabulary();
    const tokens = this.db
      .prepare("SELECT term, doc FROM temp.galen_word_documents WHERE doc <= ? ORDER BY doc DESC")
      .raw()
      .all(maxDocuments) as Array<[string, number]>;
    const outcome: SearchIndexWarmUp = { words: 0, postings: 0, bytes: 0, skipped: 0 };
    let since = performance.now();
    for (const [token, documents] of tokens) {
      if (!this.postings.fits(documents * POSTING_BYTES)) {
        outcome.skipped++;
        continue;
      }
      outcome.postings += this.tokenPostings(token).rowids.length;
      outcome.words++;
      if (performance.now() - since > 20) {
        if (!(await pause())) return { ...outcome, bytes: this.postings.bytes };
        since = performance.now();
      }
    }
    this.lengthNorms();
    return { ...outcome, bytes: this.postings.bytes };
  }

  private tokenPostings(token: string): TokenPostings {
    const held = this.postings.get(token);
    if (held !== undefined) return held;
    const [docs, columns] = this.vocabulary().instances.get(token) as [string, string];
    const postings = toPostings(JSON.parse(docs) as number[], JSON.parse(columns) as number[]);
    this.postings.set(token, postings);
    return postings;
  }

  /**
   * Each document's length normalisation, by rowid: its length in tokens (all columns) from FTS5's docsize table,
   * against the average over the index.
   */
  private lengthNorms(): Float64Array {
    if (this.norms !== undefined) return this.norms;
    const rows = this.db.prepare("SELECT id, sz FROM documents_fts_docsize").raw().all() as Array<
      [number, Buffer]
    >;
    let largest = 0;
    for (const [rowid] of rows) if (rowid > largest) largest = rowid;
    const lengths = new Float64Array(largest + 1);
    let total = 0;
    for (const [rowid, sizes] of rows) {
      const length = sumOfVarints(sizes);
      lengths[rowid] = length;
      total += length;
    }
    this.rows = rows.length;
    const average = total / Math.max(1, rows.length);
    for (let rowid = 0; rowid < lengths.length; rowid++) {
      lengths[rowid] = K1 * (1 - B + (B * (lengths[rowid] as number)) / average);
    }
    this.norms = lengths;
    return lengths;
  }

  private scratchFor(size: number): Shares {
    if (this.scratch.rowids.length < size) {
      const capacity = Math.max(size, this.scratch.rowids.length * 2);
      this.scratch = { rowids: new Int32Array(capacity), shares: new Float64Array(capacity), count: 0 };
    }
    return this.scratch;
  }

  /** FTS5's vocabulary tables over the index (temporary, this connection's), and the lookups made of them. */
  private vocabulary(): { instances: Database.Statement; documents: Database.Statement } {
    if (this.statements !== undefined) return this.statements;
    this.db.exec(`
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.galen_word_instances USING fts5vocab(main, documents_fts, instance);
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.galen_word_documents USING fts5vocab(main, documents_fts, row);`);
    const column = `CASE col ${COLUMNS.map((name, i) => `WHEN '${name}' THEN ${i}`).join(" ")} END`;
    this.statements = {
      // One row of two JSON arrays crosses into JavaScript much faster than a row per occurrence. The
      // occurrences come in rowid order, each document's together.
      instances: this.db
        .prepare(
          `SELECT json_group_array(doc), json_group_array(${column}) FROM temp.galen_word_instances WHERE term = ?`,
        )
        .raw(),
      documents: this.db.prepare("SELECT doc FROM temp.galen_word_documents WHERE term = ?").pluck(),
    };
    return this.statements;
  }
}

/** FTS5's IDF: ln((N − n + 0.5) / (n + 0.5)), and 1e-6 where that is not positive (words in over half the rows). */
function inverseDocumentFrequency(rows: number, holding: number): number {
  const idf = Math.log((rows - holding + 0.5) / (holding + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

function countHolding(counts: Uint8Array, column: number): number {
  let holding = 0;
  for (let i = column; i < counts.length; i += STRIDE) if (counts[i] !== 0) holding++;
  return holding;
}

/** Occurrences (document, column), in document order, folded into one posting per document. */
function toPostings(docs: readonly number[], columns: readonly number[]): TokenPostings {
  let distinct = 0;
  for (let i = 0; i < docs.length; i++) if (i === 0 || docs[i] !== docs[i - 1]) distinct++;
  const rowids = new Int32Array(distinct);
  const counts = new Uint8Array(distinct * STRIDE);
  let posting = -1;
  for (let i = 0; i < docs.length; i++) {
    if (i === 0 || docs[i] !== docs[i - 1]) rowids[++posting] = docs[i] as number;
    const at = posting * STRIDE + (columns[i] as number);
    if ((counts[at] as number) < MAX_COUNT) counts[at] = (counts[at] as number) + 1;
  }
  return { rowids, counts };
}

/**
 * FTS5's docsize record: a token count per column, each an SQLite varint (seven bits a byte, most significant
 * first, the high bit set on every byte but the last); their sum. Counts never reach the nine-byte form.
 */
function sumOfVarints(bytes: Uint8Array): number {
  let total = 0;
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      total += value;
      value = 0;
    }
  }
  return total;
}
