import type pg from "pg";
import { relabelledRecord } from "../stored-document.ts";

/**
 * The PostgreSQL schema, in versions applied once each and recorded in schema_migrations. It holds what the SQLite
 * schema holds, in PostgreSQL's terms: a weighted tsvector (title A, abstract B, MeSH C, keywords D) with a GIN
 * index for lexical search, pgvector for embeddings, and the same tables for threads, articles, versions,
 * comments, accounts, sessions, settings and the append-only audit log.
 */
/**
 * How stored impacts are computed: BM25's saturated term frequency, with the frequency weighted by field (title 3,
 * the other fields 1: DEFAULT_FIELD_WEIGHTS) and the length normalised by a fixed reference length instead of the
 * corpus average, so that no stored impact goes stale as the corpus grows. Searches allow for other weights and
 * the real average (see PostgresLexicalSearch); these numbers are the ones migration 5 wrote.
 */
export const POSTING_MODEL = { k1: 1.2, b: 0.75, referenceLength: 200, title: 3, other: 1 } as const;

/** The weighted frequency of tsvector entry `u`: each title (A) position counts `title`, any other `other`. */
const POSTING_FREQUENCY = `(${POSTING_MODEL.other} * cardinality(u.weights) + ${POSTING_MODEL.title - POSTING_MODEL.other} * cardinality(array_positions(u.weights, 'A')))`;

/** The impact of tsvector entry `u` of document `d`, in SQL. */
const POSTING_IMPACT = `(${POSTING_FREQUENCY} * ${POSTING_MODEL.k1 + 1} / (${POSTING_FREQUENCY} + ${POSTING_MODEL.k1} * (${1 - POSTING_MODEL.b} + ${POSTING_MODEL.b} * d.length / ${POSTING_MODEL.referenceLength}.0)))::real`;

/** The trigger statements that keep search_postings in step with the documents a statement inserted. */
const INSERT_POSTINGS = `INSERT INTO search_postings (lexeme, doc, impact)
          SELECT u.lexeme, d.rowid, ${POSTING_IMPACT} FROM new_documents d, unnest(d.search) u ORDER BY 1, 3 DESC, 2`;
/** …updated: the postings of a changed text are removed and written again. */
const UPDATE_POSTINGS = `DELETE FROM search_postings p
          USING (SELECT u.lexeme, d.rowid, ${POSTING_IMPACT} AS impact
                 FROM old_documents d JOIN new_documents n ON n.rowid = d.rowid, unnest(d.search) u
                 WHERE d.search <> n.search OR d.length <> n.length) AS gone
          WHERE p.lexeme = gone.lexeme AND p.impact = gone.impact AND p.doc = gone.rowid;
        INSERT INTO search_postings (lexeme, doc, impact)
          SELECT u.lexeme, d.rowid, ${POSTING_IMPACT}
          FROM old_documents o JOIN new_documents d ON d.rowid = o.rowid, unnest(d.search) u
          WHERE o.search <> d.search OR o.length <> d.length ORDER BY 1, 3 DESC, 2`;
/** …deleted. */
const DELETE_POSTINGS = `DELETE FROM search_postings p
          USING (SELECT u.lexeme, d.rowid, ${POSTING_IMPACT} AS impact FROM old_documents d, unnest(d.search) u) AS gone
          WHERE p.lexeme = gone.lexeme AND p.impact = gone.impact AND p.doc = gone.rowid`;

/**
 * Adds (sign 1) or takes away (sign −1) the words of the tsvectors in `source` (a table or subquery with a `search`
 * column) to search_terms: documents holding each word, and documents holding it in each field's weight label.
 */
function countWords(source: string, sign: 1 | -1): string {
  const inField = (label: string) => `${sign} * count(*) FILTER (WHERE '${label}' = ANY(u.weights))`;
  return `INSERT INTO search_terms AS t (lexeme, documents, title, abstract, mesh, keywords)
    SELECT u.lexeme, ${sign} * count(*), ${inField("A")}, ${inField("B")}, ${inField("C")}, ${inField("D")}
    FROM ${source} d, unnest(d.search) u GROUP BY 1 ORDER BY 1
    ON CONFLICT (lexeme) DO UPDATE SET documents = t.documents + excluded.documents, title = t.title + excluded.title,
      abstract = t.abstract + excluded.abstract, mesh = t.mesh + excluded.mesh, keywords = t.keywords + excluded.keywords`;
}

/** A step's `data` rewrites stored rows that SQL alone cannot (after its `sql`, in the same transaction). */
export const POSTGRES_MIGRATIONS: ReadonlyArray<{
  version: number;
  name: string;
  sql: string;
  data?: (client: pg.PoolClient) => Promise<void>;
}> = [
  {
    version: 1,
    name: "documents, lexical index, checkpoints",
    sql: `
      CREATE TABLE documents (
        rowid BIGSERIAL UNIQUE,
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        abstract TEXT NOT NULL,
        mesh TEXT NOT NULL,
        keywords TEXT NOT NULL,
        journal TEXT,
        pub_year INTEGER,
        pub_date TEXT,
        evidence_level TEXT NOT NULL,
        retracted BOOLEAN NOT NULL DEFAULT false,
        content_hash TEXT NOT NULL,
        record TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        search tsvector NOT NULL,
        -- Tokens in the document (every position in search), BM25's document length.
        length INTEGER NOT NULL
      );
      CREATE INDEX documents_search ON documents USING gin (search);
      CREATE INDEX documents_source ON documents (source);
      CREATE INDEX documents_level ON documents (evidence_level);
      CREATE TABLE source_checkpoints (
        checksum TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        records_done INTEGER NOT NULL,
        complete BOOLEAN NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE mesh_descriptors (name TEXT PRIMARY KEY);
      CREATE TABLE embedding_space (model TEXT NOT NULL, dimensions INTEGER NOT NULL);
    `,
  },
  {
    version: 2,
    name: "threads, articles, versions, comments, accounts, sessions, audit log, settings",
    sql: `
      CREATE TABLE threads (id TEXT PRIMARY KEY, created_at TEXT NOT NULL);
      CREATE TABLE thread_turns (
        thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        question TEXT NOT NULL,
        searched_as TEXT NOT NULL,
        answer TEXT NOT NULL,
        asked_at TEXT NOT NULL,
        PRIMARY KEY (thread_id, position)
      );
      CREATE TABLE articles (
        rowid BIGSERIAL UNIQUE,
        id TEXT PRIMARY KEY,
        slug TEXT NOT NULL,
        question TEXT NOT NULL,
        question_type TEXT NOT NULL,
        status TEXT NOT NULL,
        thread_id TEXT REFERENCES threads(id),
        reviewed_by TEXT,
        claimed_by TEXT,
        specialty TEXT,
        latest_version INTEGER NOT NULL DEFAULT 1,
        approved_version INTEGER,
        approved_at TEXT,
        flagged_statements INTEGER NOT NULL DEFAULT 0,
        new_evidence TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX articles_status ON articles (status, updated_at);
      CREATE TABLE article_citations (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        document_id TEXT NOT NULL,
        PRIMARY KEY (article_id, document_id)
      );
      CREATE INDEX article_citations_document ON article_citations (document_id);
      CREATE TABLE article_versions (
        article_id TEXT NOT NULL REFERENCES articles(id),
        version INTEGER NOT NULL,
        answer TEXT NOT NULL,
        author TEXT NOT NULL,
        note TEXT,
        flagged_statements INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        PRIMARY KEY (article_id, version)
      );
      CREATE TABLE review_comments (
        id BIGSERIAL PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        version INTEGER NOT NULL,
        anchor TEXT NOT NULL,
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by TEXT
      );
      CREATE INDEX review_comments_article ON review_comments (article_id);
      CREATE TABLE accounts (
        email TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        credentials TEXT,
        specialty TEXT,
        disabled BOOLEAN NOT NULL DEFAULT false,
        created_at TEXT NOT NULL,
        password_hash TEXT NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        email TEXT NOT NULL REFERENCES accounts(email),
        csrf_token TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_email ON sessions (email);
      CREATE TABLE audit_log (
        sequence BIGINT PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        details TEXT NOT NULL,
        request_id TEXT,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
      -- Written once: versions are immutable and the audit log is append-only, enforced by the database.
      CREATE FUNCTION galen_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME; END $$;
      CREATE TRIGGER article_versions_immutable BEFORE UPDATE OR DELETE ON article_versions
        FOR EACH ROW EXECUTE FUNCTION galen_refuse_change();
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION galen_refuse_change();
    `,
  },
  {
    version: 3,
    name: "rate events shared by app servers",
    sql: `
      CREATE TABLE rate_events (key TEXT NOT NULL, at BIGINT NOT NULL);
      CREATE INDEX rate_events_key ON rate_events (key, at);
    `,
  },
  {
    version: 4,
    name: "articles saved once per request",
    sql: `
      ALTER TABLE articles ADD COLUMN request_key TEXT;
      CREATE UNIQUE INDEX articles_request_key ON articles (request_key) WHERE request_key IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: "impact-ordered postings for fast ranked search",
    sql: `
      -- One row per word of each document: how much the word can add to the document's BM25 score (before the
      -- word's IDF), in impact order so that a search reads only each word's best documents. Its one index is
      -- the table's key too: a document's postings are found again by recomputing them from its tsvector.
      -- Rows are inserted in index order, which keeps the index's pages hot while a batch goes in.
      CREATE TABLE search_postings (lexeme TEXT NOT NULL, doc BIGINT NOT NULL, impact REAL NOT NULL);
      CREATE INDEX search_postings_impact ON search_postings (lexeme, impact DESC, doc);
      INSERT INTO search_postings (lexeme, doc, impact)
        SELECT u.lexeme, d.rowid, ${POSTING_IMPACT} FROM documents d, unnest(d.search) u ORDER BY 1, 3 DESC, 2;
      CREATE FUNCTION galen_postings_insert() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        ${INSERT_POSTINGS};
        RETURN NULL;
      END $$;
      CREATE FUNCTION galen_postings_update() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        ${UPDATE_POSTINGS};
        RETURN NULL;
      END $$;
      CREATE FUNCTION galen_postings_delete() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        ${DELETE_POSTINGS};
        RETURN NULL;
      END $$;
      CREATE TRIGGER documents_postings_insert AFTER INSERT ON documents REFERENCING NEW TABLE AS new_documents
        FOR EACH STATEMENT EXECUTE FUNCTION galen_postings_insert();
      CREATE TRIGGER documents_postings_update AFTER UPDATE ON documents
        REFERENCING OLD TABLE AS old_documents NEW TABLE AS new_documents
        FOR EACH STATEMENT EXECUTE FUNCTION galen_postings_update();
      CREATE TRIGGER documents_postings_delete AFTER DELETE ON documents REFERENCING OLD TABLE AS old_documents
        FOR EACH STATEMENT EXECUTE FUNCTION galen_postings_delete();
    `,
  },
  {
    version: 6,
    name: "threads and turns saved once per request",
    sql: `
      ALTER TABLE threads ADD COLUMN request_key TEXT;
      CREATE UNIQUE INDEX threads_request_key ON threads (request_key) WHERE request_key IS NOT NULL;
      ALTER TABLE thread_turns ADD COLUMN request_key TEXT;
      CREATE UNIQUE INDEX thread_turns_request_key ON thread_turns (thread_id, request_key)
        WHERE request_key IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: "word and corpus counts kept with the postings",
    sql: `
      -- How many documents hold each word, anywhere and within each field (weight label), and the corpus's size
      -- and total length: what BM25's IDF and length normalisation need, read in one index lookup instead of
      -- counted at every search. The postings' triggers keep them. Each trigger takes the corpus row first and the
      -- word rows in word order, so that writers queue on the corpus row instead of deadlocking on words.
      CREATE TABLE search_terms (lexeme TEXT PRIMARY KEY, documents BIGINT NOT NULL, title BIGINT NOT NULL,
        abstract BIGINT NOT NULL, mesh BIGINT NOT NULL, keywords BIGINT NOT NULL);
      ${countWords("documents", 1)};
      CREATE TABLE search_corpus (one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one), documents BIGINT NOT NULL,
        total_length BIGINT NOT NULL);
      INSERT INTO search_corpus (documents, total_length) SELECT count(*), coalesce(sum(length), 0) FROM documents;
      CREATE OR REPLACE FUNCTION galen_postings_insert() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        UPDATE search_corpus SET documents = documents + (SELECT count(*) FROM new_documents),
          total_length = total_length + (SELECT coalesce(sum(length), 0) FROM new_documents);
        ${countWords("new_documents", 1)};
        ${INSERT_POSTINGS};
        RETURN NULL;
      END $$;
      CREATE OR REPLACE FUNCTION galen_postings_update() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        UPDATE search_corpus SET total_length = total_length
          + (SELECT coalesce(sum(length), 0) FROM new_documents) - (SELECT coalesce(sum(length), 0) FROM old_documents);
        ${countWords("(SELECT o.search FROM old_documents o JOIN new_documents n ON n.rowid = o.rowid WHERE o.search <> n.search)", -1)};
        ${countWords("(SELECT n.search FROM old_documents o JOIN new_documents n ON n.rowid = o.rowid WHERE o.search <> n.search)", 1)};
        ${UPDATE_POSTINGS};
        RETURN NULL;
      END $$;
      CREATE OR REPLACE FUNCTION galen_postings_delete() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        UPDATE search_corpus SET documents = documents - (SELECT count(*) FROM old_documents),
          total_length = total_length - (SELECT coalesce(sum(length), 0) FROM old_documents);
        ${countWords("old_documents", -1)};
        ${DELETE_POSTINGS};
        RETURN NULL;
      END $$;
    `,
  },
  {
    version: 8,
    name: "evidence levels of unclassified documents read from their title and abstract",
    sql: "",
    data: relabelStoredDocuments,
  },
];

/** Rows read at a time by a data step. */
const DATA_BATCH = 1000;

/**
 * Gives the unclassified documents stored before Galen read levels from text the level their title and abstract
 * state (as ingest now does), as SQLite's migration 12 does: the column the search priors and statistics read, the
 * record, and its hash. The searched text is unchanged, so the postings' triggers find nothing to do; `updated_at`
 * stays, since the source record did not change (living evidence reads it as "the document changed").
 */
async function relabelStoredDocuments(client: pg.PoolClient): Promise<void> {
  for (let after = "0"; ; ) {
    const { rows } = await client.query<{ rowid: string; record: string }>(
      `SELECT rowid, record FROM documents WHERE evidence_level = 'unclassified' AND rowid > $1
       ORDER BY rowid LIMIT ${DATA_BATCH}`,
      [after],
    );
    const changed = rows.flatMap((row) => {
      const relabelled = relabelledRecord(row.record);
      return relabelled ? [{ rowid: row.rowid, ...relabelled }] : [];
    });
    if (changed.length > 0) {
      await client.query(
        `UPDATE documents d SET evidence_level = u.level, record = u.record, content_hash = u.hash
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(rowid, level, record, hash)
         WHERE d.rowid = u.rowid`,
        [
          changed.map((row) => row.rowid),
          changed.map((row) => row.evidenceLevel),
          changed.map((row) => row.record),
          changed.map((row) => row.contentHash),
        ],
      );
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < DATA_BATCH) return;
    after = last.rowid;
  }
}

/** A lock number all Galen processes agree on, so that two starting at once do not migrate twice. */
const MIGRATION_LOCK = 4_711_0001;

/**
 * Creates the schema (when one is named) and pgvector (when the server has it and the user may), then applies the
 * migrations not yet applied: all in one transaction, under an advisory lock.
 */
export async function migratePostgres(client: pg.PoolClient, schema?: string): Promise<number[]> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // In public, so that every schema on the search path (public is always on it) sees the vector type. Without
    // pgvector, everything but dense retrieval works; the savepoint keeps its failure from ending the transaction.
    await client.query("SAVEPOINT vector");
    await client
      .query("CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public")
      .catch(() => client.query("ROLLBACK TO SAVEPOINT vector"));
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    );
    const applied = new Set(
      (await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map(
        (row) => row.version,
      ),
    );
    const known = Math.max(...POSTGRES_MIGRATIONS.map((step) => step.version));
    const newest = Math.max(0, ...applied);
    if (newest > known) throw new Error(`schema version ${newest} is newer than this Galen knows (${known})`);
    const done: number[] = [];
    for (const step of POSTGRES_MIGRATIONS) {
      if (applied.has(step.version)) continue;
      if (step.sql) await client.query(step.sql);
      await step.data?.(client);
      await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
        step.version,
        step.name,
        new Date().toISOString(),
      ]);
      done.push(step.version);
    }
    await client.query("COMMIT");
    return done;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
