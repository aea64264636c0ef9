import { EvidenceDocument } from "../../evidence/index.ts";
import { GalenError } from "../../galen-error.ts";
import type {
  BatchOutcome,
  CorpusBatch,
  CorpusStats,
  CorpusStore,
  DatedDocument,
  LexicalHit,
  LexicalQuery,
  LexicalSearchOptions,
  Snippet,
  SourceCheckpoint,
} from "../corpus-store.ts";
import { DEFAULT_COMMON_TERM_SHARE, DEFAULT_FIELD_WEIGHTS } from "../lexical-ranking.ts";
import { MESH_SEPARATOR, type StoredDocument } from "../stored-document.ts";
import type { PostgresDatabase, Queryable } from "./postgres-database.ts";
import { type DocumentFacts, PostgresLexicalSearch, toHit } from "./postgres-lexical-search.ts";

/** The weighted tsvector of a row's fields: title A, abstract B, MeSH C, keywords D. */
const SEARCH_VECTOR = `setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('english', t.abstract), 'B')
  || setweight(to_tsvector('english', t.mesh), 'C') || setweight(to_tsvector('english', t.keywords), 'D')`;

/** A batch of documents as parallel arrays, one per column, for INSERT … SELECT FROM unnest. */
const BATCH_COLUMNS = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
  $8::int[], $9::text[], $10::text[], $11::bool[], $12::text[], $13::text[], $14::text[], $15::text[])
  AS t(id, source, title, abstract, mesh, keywords, journal, pub_year, pub_date, evidence_level, retracted, content_hash,
    record, ingested_at, updated_at)`;

/**
 * The longest one statement of a corpus write may run, when the configured statement timeout (which protects
 * searches) is shorter. A batch's INSERT also writes each word's posting, about 124 a document, into an index that
 * outgrows memory as the corpus grows: at 400,000 documents a 5,000-document batch took 20–30 s on the 2-core bench
 * machine, against the 30 s default. Ten minutes still stops a write that hangs.
 */
const CORPUS_WRITE_TIMEOUT_MS = 600_000;

/** Documents, checkpoints, MeSH names and vectors on PostgreSQL; the ranked search is PostgresLexicalSearch. */
export class PostgresCorpus implements Omit<CorpusStore, "close"> {
  private readonly lexical: PostgresLexicalSearch;
  private descriptors: readonly string[] | undefined;

  constructor(private readonly db: PostgresDatabase) {
    this.lexical = new PostgresLexicalSearch(db, DEFAULT_FIELD_WEIGHTS, DEFAULT_COMMON_TERM_SHARE);
  }

  async writeBatch(batch: CorpusBatch): Promise<BatchOutcome> {
    this.lexical.forgetCounts();
    this.descriptors = undefined;
    const configured = this.db.statementTimeoutMs;
    return this.db.transaction(async (tx) => {
      if (configured > 0 && configured < CORPUS_WRITE_TIMEOUT_MS) {
        await tx.run(`SET LOCAL statement_timeout = ${CORPUS_WRITE_TIMEOUT_MS}`);
      }
      return applyBatch(tx, batch);
    });
  }

  async getDocument(id: string): Promise<EvidenceDocument | undefined> {
    const row = await this.db.row<{ record: string }>("SELECT record FROM documents WHERE id = $1", [id]);
    return row === undefined ? undefined : EvidenceDocument.parse(JSON.parse(row.record));
  }

  async documentsAfter(afterId: string | undefined, limit: number): Promise<DatedDocument[]> {
    const rows = await this.db.rows<{ record: string; ingested_at: string; updated_at: string }>(
      `SELECT record, ingested_at, updated_at FROM documents WHERE id COLLATE "C" > $1
       ORDER BY id COLLATE "C" LIMIT $2`,
      [afterId ?? "", limit],
    );
    return rows.map((row) => ({
      document: EvidenceDocument.parse(JSON.parse(row.record)),
      ingestedAt: row.ingested_at,
      updatedAt: row.updated_at,
    }));
  }

  async documentsChangedSince(ids: readonly string[], since: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.rows<{ id: string }>(
      "SELECT id FROM documents WHERE id = ANY($1::text[]) AND updated_at > $2",
      [ids, since],
    );
    return rows.map((row) => row.id);
  }

  async searchLexical(query: LexicalQuery, options: LexicalSearchOptions): Promise<LexicalHit[]> {
    return this.lexical.search(query, options);
  }

  async snippets(query: LexicalQuery, ids: readonly string[]): Promise<Map<string, Snippet>> {
    return this.lexical.snippets(query, ids);
  }

  async documentFrequencies(terms: readonly string[], cap: number): Promise<Map<string, number>> {
    return this.lexical.documentFrequencies(terms, cap);
  }

  /**
   * Nothing to do: the postings are a B-tree kept in step by every write, and PostgreSQL folds the GIN index's
   * pending entries in by itself (when they pass gin_pending_list_limit, and at autovacuum).
   */
  async optimizeSearchIndex(): Promise<void> {}

  /** Nothing to read: PostgreSQL's buffer cache holds what queries read. */
  async warmSearchIndex(): Promise<undefined> {
    return undefined;
  }

  async sourceCheckpoint(checksum: string): Promise<SourceCheckpoint | undefined> {
    const row = await this.db.row<{
      checksum: string;
      path: string;
      format: string;
      records_done: number;
      complete: boolean;
    }>("SELECT checksum, path, format, records_done, complete FROM source_checkpoints WHERE checksum = $1", [
      checksum,
    ]);
    if (row === undefined) return undefined;
    return {
      checksum: row.checksum,
      path: row.path,
      format: row.format,
      recordsDone: row.records_done,
      complete: row.complete,
    };
  }

  async meshDescriptors(): Promise<readonly string[]> {
    this.descriptors ??= (await this.db.rows<{ name: string }>("SELECT name FROM mesh_descriptors")).map(
      (row) => row.name,
    );
    return this.descriptors;
  }

  async documentCount(): Promise<number> {
    return Number((await this.db.row<{ n: string }>("SELECT count(*) AS n FROM documents"))?.n ?? 0);
  }

  async stats(): Promise<CorpusStats> {
    const counts = await this.db.row<{
      documents: string;
      retracted: string;
      oldest: string | null;
      newest: string | null;
      bytes: string;
    }>(
      `SELECT count(*) AS documents, count(*) FILTER (WHERE retracted) AS retracted,
         min(pub_date) AS oldest, max(pub_date) AS newest,
         (SELECT sum(pg_total_relation_size(r)) FROM unnest(ARRAY[to_regclass('documents'),
            to_regclass('search_postings'), to_regclass('document_vectors')]) AS r) AS bytes
       FROM documents`,
    );
    const grouped = async (column: "source" | "evidence_level") =>
      Object.fromEntries(
        (
          await this.db.rows<{ k: string; n: string }>(
            `SELECT ${column} AS k, count(*) AS n FROM documents GROUP BY ${column} ORDER BY count(*) DESC`,
          )
        ).map((row) => [row.k, Number(row.n)]),
      );
    return {
      documents: Number(counts?.documents ?? 0),
      retracted: Number(counts?.retracted ?? 0),
      bySource: await grouped("source"),
      byEvidenceLevel: await grouped("evidence_level"),
      ...(counts?.newest ? { newestPublication: counts.newest } : {}),
      ...(counts?.oldest ? { oldestPublication: counts.oldest } : {}),
      sizeBytes: Number(counts?.bytes ?? 0),
      location: withoutPassword(this.db.url),
    };
  }

  async embeddingModel(): Promise<string | undefined> {
    return (await this.space())?.model;
  }

  async documentsToEmbed(limit: number): Promise<Array<{ id: string; text: string }>> {
    const missing = (await this.space())
      ? "WHERE NOT EXISTS (SELECT 1 FROM document_vectors v WHERE v.rowid = d.rowid)"
      : "";
    const rows = await this.db.rows<{ id: string; title: string; abstract: string }>(
      `SELECT d.id, d.title, d.abstract FROM documents d ${missing} ORDER BY d.rowid LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ id: row.id, text: `${row.title}\n${row.abstract}`.trim() }));
  }

  async saveEmbeddings(
    model: string,
    vectors: ReadonlyArray<{ id: string; vector: readonly number[] }>,
  ): Promise<void> {
    const first = vectors[0];
    if (first === undefined) return;
    await this.db.transaction(async (tx) => {
      const space = (await this.space(tx)) ?? (await createSpace(tx, model, first.vector.length));
      if (space.model !== model) {
        throw new GalenError(
          `This database holds vectors from ${space.model}, not ${model}. Use the same embedding model, or a new database.`,
        );
      }
      for (const { vector } of vectors) assertLength(vector, space, model);
      await tx.run(
        `INSERT INTO document_vectors (rowid, embedding)
         SELECT d.rowid, v.embedding::vector FROM unnest($1::text[], $2::text[]) AS v(id, embedding)
         JOIN documents d ON d.id = v.id
         ON CONFLICT (rowid) DO UPDATE SET embedding = excluded.embedding`,
        [vectors.map((item) => item.id), vectors.map((item) => JSON.stringify(item.vector))],
      );
    });
  }

  async nearestDocuments(vector: readonly number[], options: LexicalSearchOptions): Promise<LexicalHit[]> {
    const space = await this.space();
    if (space === undefined) return [];
    assertLength(vector, space, space.model);
    const rows = await this.db.rows<DocumentFacts & { distance: number }>(
      `SELECT d.id, d.title, d.journal, d.pub_year, d.evidence_level, d.retracted, v.embedding <=> $1::vector AS distance
       FROM document_vectors v JOIN documents d ON d.rowid = v.rowid
       WHERE $3 OR NOT d.retracted
       ORDER BY v.embedding <=> $1::vector LIMIT $2`,
      [JSON.stringify(vector), options.limit, options.includeRetracted === true],
    );
    return rows.map((row) => toHit(row, 1 - row.distance));
  }

  private async space(on: Queryable = this.db): Promise<{ model: string; dimensions: number } | undefined> {
    return on.row<{ model: string; dimensions: number }>("SELECT model, dimensions FROM embedding_space");
  }
}

async function applyBatch(tx: Queryable, batch: CorpusBatch): Promise<BatchOutcome> {
  const now = new Date().toISOString();
  const ids = batch.upserts.map((document) => document.id);
  const known = new Map(
    (
      await tx.rows<{ id: string; content_hash: string }>(
        "SELECT id, content_hash FROM documents WHERE id = ANY($1::text[]) FOR UPDATE",
        [ids],
      )
    ).map((row) => [row.id, row.content_hash]),
  );
  // The last record of an id in the batch wins, as in the SQLite store.
  const latest = new Map(batch.upserts.map((document) => [document.id, document]));
  const fresh = [...latest.values()].filter((document) => !known.has(document.id));
  const changed = [...latest.values()].filter(
    (document) => known.has(document.id) && known.get(document.id) !== document.contentHash,
  );
  if (fresh.length > 0) {
    await tx.run(
      `INSERT INTO documents (id, source, title, abstract, mesh, keywords, journal, pub_year, pub_date, evidence_level,
         retracted, content_hash, record, ingested_at, updated_at, search, length)
       SELECT t.id, t.source, t.title, t.abstract, t.mesh, t.keywords, t.journal, t.pub_year, t.pub_date,
         t.evidence_level, t.retracted, t.content_hash, t.record, t.ingested_at, t.updated_at, s.search,
         (SELECT coalesce(sum(array_length(u.positions, 1)), 0) FROM unnest(s.search) u)
       FROM ${BATCH_COLUMNS}, LATERAL (SELECT ${SEARCH_VECTOR} AS search) AS s`,
      columns(fresh, now),
    );
  }
  if (changed.length > 0) {
    await tx.run(
      `UPDATE documents d SET source = t.source, title = t.title, abstract = t.abstract, mesh = t.mesh,
         keywords = t.keywords, journal = t.journal, pub_year = t.pub_year, pub_date = t.pub_date,
         evidence_level = t.evidence_level, retracted = t.retracted, content_hash = t.content_hash,
         record = t.record, updated_at = t.updated_at, search = s.search,
         length = (SELECT coalesce(sum(array_length(u.positions, 1)), 0) FROM unnest(s.search) u)
       FROM ${BATCH_COLUMNS}, LATERAL (SELECT ${SEARCH_VECTOR} AS search) AS s
       WHERE d.id = t.id`,
      columns(changed, now),
    );
    await forgetVectors(
      tx,
      changed.map((document) => document.id),
    );
  }
  await recordDescriptors(tx, [...fresh, ...changed]);
  let deleted = 0;
  if (batch.deletions.length > 0) {
    await forgetVectors(tx, batch.deletions);
    deleted = await tx.run("DELETE FROM documents WHERE id = ANY($1::text[])", [batch.deletions]);
  }
  if (batch.checkpoint) {
    const { checksum, path, format, recordsDone, complete } = batch.checkpoint;
    await tx.run(
      `INSERT INTO source_checkpoints (checksum, path, format, records_done, complete, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (checksum) DO UPDATE SET path = excluded.path, format = excluded.format,
         records_done = excluded.records_done, complete = excluded.complete, updated_at = excluded.updated_at`,
      [checksum, path, format, recordsDone, complete, now],
    );
  }
  return {
    inserted: fresh.length,
    updated: changed.length,
    unchanged: batch.upserts.length - fresh.length - changed.length,
    deleted,
  };
}

function columns(documents: readonly StoredDocument[], now: string): unknown[][] {
  return [
    documents.map((d) => d.id),
    documents.map((d) => d.source),
    documents.map((d) => d.title),
    documents.map((d) => d.abstract),
    documents.map((d) => d.mesh),
    documents.map((d) => d.keywords),
    documents.map((d) => d.journal),
    documents.map((d) => d.year),
    documents.map((d) => d.date),
    documents.map((d) => d.evidenceLevel),
    documents.map((d) => d.retracted),
    documents.map((d) => d.contentHash),
    documents.map((d) => d.record),
    documents.map((d) => d.ingestedAt ?? now),
    documents.map((d) => d.updatedAt ?? now),
  ];
}

async function recordDescriptors(tx: Queryable, documents: readonly StoredDocument[]): Promise<void> {
  const names = [
    ...new Set(
      documents.flatMap((document) => (document.mesh === "" ? [] : document.mesh.split(MESH_SEPARATOR))),
    ),
  ];
  if (names.length === 0) return;
  await tx.run("INSERT INTO mesh_descriptors (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", [
    names,
  ]);
}

/** A document whose text changed loses its vector (it no longer describes the text); so does a deleted one. */
async function forgetVectors(tx: Queryable, ids: readonly string[]): Promise<void> {
  if ((await tx.row("SELECT 1 FROM embedding_space")) === undefined) return;
  await tx.run(
    "DELETE FROM document_vectors WHERE rowid IN (SELECT rowid FROM documents WHERE id = ANY($1::text[]))",
    [ids],
  );
}

/** The vector table, made on first use with the model's dimension and an HNSW index for cosine distance. */
async function createSpace(
  tx: Queryable,
  model: string,
  dimensions: number,
): Promise<{ model: string; dimensions: number }> {
  if ((await tx.row("SELECT 1 FROM pg_extension WHERE extname = 'vector'")) === undefined) {
    throw new GalenError(
      "The pgvector extension is not installed in this PostgreSQL database, so vectors cannot be stored. Install pgvector and run CREATE EXTENSION vector as a superuser.",
    );
  }
  const size = Math.trunc(dimensions);
  await tx.run(
    `CREATE TABLE document_vectors (rowid BIGINT PRIMARY KEY REFERENCES documents(rowid) ON DELETE CASCADE, embedding vector(${size}) NOT NULL)`,
  );
  await tx.run(
    "CREATE INDEX document_vectors_hnsw ON document_vectors USING hnsw (embedding vector_cosine_ops)",
  );
  await tx.run("INSERT INTO embedding_space (model, dimensions) VALUES ($1, $2)", [model, size]);
  return { model, dimensions: size };
}

function assertLength(vector: readonly number[], space: { dimensions: number }, model: string): void {
  if (vector.length !== space.dimensions) {
    throw new GalenError(
      `The embedding model ${model} returned vectors of ${vector.length} numbers; this database holds vectors of ${space.dimensions}. Check the model name, or use a new database.`,
    );
  }
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "PostgreSQL";
  }
}
