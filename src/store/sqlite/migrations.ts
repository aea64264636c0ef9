import type Database from "better-sqlite3";
import { relabelledRecord } from "../stored-document.ts";

/**
 * Versioned schema steps, applied in order inside one transaction each; never edit a released step. A step's `data`
 * rewrites stored rows that SQL alone cannot (after its `sql`, in the same transaction).
 */
export const MIGRATIONS: ReadonlyArray<{
  version: number;
  name: string;
  sql: string;
  data?: (db: Database.Database) => void;
}> = [
  {
    version: 1,
    name: "corpus",
    sql: `
      CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        mesh TEXT NOT NULL,
        keywords TEXT NOT NULL,
        journal TEXT,
        pub_year INTEGER,
        pub_date TEXT,
        evidence_level TEXT NOT NULL,
        retracted INTEGER NOT NULL DEFAULT 0,
        content_hash TEXT NOT NULL,
        record TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX documents_source ON documents(source);
      CREATE INDEX documents_level ON documents(evidence_level);

      -- The indexed text. The abstract is read out of the record rather than stored twice (a quarter less to
      -- write during ingest); FTS5 reads this view only for snippets.
      CREATE VIEW documents_text AS
        SELECT rowid AS rowid, title,
          (SELECT group_concat(json_extract(value, '$.text'), char(10)) FROM json_each(record, '$.abstract'))
            AS abstract,
          mesh, keywords
        FROM documents;

      -- External-content index; the store writes it in the same transaction as the row (direct writes measured
      -- twice as fast as triggers during bulk ingest).
      CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, abstract, mesh, keywords,
        content = 'documents_text', content_rowid = 'rowid',
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TABLE source_checkpoints (
        checksum TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        records_done INTEGER NOT NULL,
        complete INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: "mesh descriptors seen in the corpus",
    sql: `
      CREATE TABLE mesh_descriptors (name TEXT PRIMARY KEY) WITHOUT ROWID;
      INSERT OR IGNORE INTO mesh_descriptors (name)
        SELECT DISTINCT json_extract(heading.value, '$.descriptor')
        FROM documents, json_each(documents.record, '$.mesh') AS heading;
    `,
  },
  {
    version: 3,
    name: "embedding space",
    // The vectors themselves go in a sqlite-vec table created with the model's dimension on first use.
    sql: "CREATE TABLE embedding_space (model TEXT NOT NULL, dimensions INTEGER NOT NULL);",
  },
  {
    version: 4,
    name: "threads of follow-up questions",
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
    `,
  },
  {
    version: 5,
    name: "articles",
    sql: `
      CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        slug TEXT NOT NULL,
        question TEXT NOT NULL,
        question_type TEXT NOT NULL,
        status TEXT NOT NULL,
        thread_id TEXT REFERENCES threads(id),
        answer TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE article_citations (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        document_id TEXT NOT NULL,
        PRIMARY KEY (article_id, document_id)
      ) WITHOUT ROWID;
      CREATE INDEX article_citations_document ON article_citations(document_id);
    `,
  },
  {
    version: 6,
    name: "accounts, audit log, reviewers of articles",
    sql: `
      CREATE TABLE accounts (
        email TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        credentials TEXT,
        specialty TEXT,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        password_hash TEXT NOT NULL
      );
      CREATE TABLE audit_log (
        sequence INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        details TEXT NOT NULL,
        request_id TEXT,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      -- Append-only: the database itself refuses changes to written entries.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      ALTER TABLE articles ADD COLUMN reviewed_by TEXT;
    `,
  },
  {
    version: 7,
    name: "sessions",
    sql: `
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        email TEXT NOT NULL REFERENCES accounts(email),
        csrf_token TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sessions_email ON sessions(email);
    `,
  },
  {
    version: 8,
    name: "article versions, review comments, living evidence, settings",
    sql: `
      CREATE TABLE article_versions (
        article_id TEXT NOT NULL REFERENCES articles(id),
        version INTEGER NOT NULL,
        answer TEXT NOT NULL,
        author TEXT NOT NULL,
        note TEXT,
        flagged_statements INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        PRIMARY KEY (article_id, version)
      ) WITHOUT ROWID;
      -- Versions are immutable: an edit is a new version, never a change to an old one.
      CREATE TRIGGER article_versions_no_update BEFORE UPDATE ON article_versions BEGIN SELECT RAISE(ABORT, 'article versions are immutable'); END;
      CREATE TRIGGER article_versions_no_delete BEFORE DELETE ON article_versions BEGIN SELECT RAISE(ABORT, 'article versions are immutable'); END;
      INSERT INTO article_versions (article_id, version, answer, author, created_at)
        SELECT id, 1, answer, 'galen', created_at FROM articles;
      ALTER TABLE articles DROP COLUMN answer;
      ALTER TABLE articles ADD COLUMN latest_version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE articles ADD COLUMN approved_version INTEGER;
      ALTER TABLE articles ADD COLUMN approved_at TEXT;
      ALTER TABLE articles ADD COLUMN claimed_by TEXT;
      ALTER TABLE articles ADD COLUMN specialty TEXT;
      ALTER TABLE articles ADD COLUMN flagged_statements INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE articles ADD COLUMN new_evidence TEXT;
      UPDATE articles SET approved_version = 1, approved_at = updated_at WHERE status = 'approved';
      CREATE INDEX articles_status ON articles(status, updated_at);
      CREATE TABLE review_comments (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        version INTEGER NOT NULL,
        anchor TEXT NOT NULL,
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by TEXT
      );
      CREATE INDEX review_comments_article ON review_comments(article_id);
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;
    `,
  },
  {
    version: 9,
    name: "rate events shared by app servers",
    sql: `
      CREATE TABLE rate_events (key TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX rate_events_key ON rate_events(key, at);
    `,
  },
  {
    version: 10,
    name: "articles saved once per request",
    sql: `
      ALTER TABLE articles ADD COLUMN request_key TEXT;
      CREATE UNIQUE INDEX articles_request_key ON articles(request_key) WHERE request_key IS NOT NULL;
    `,
  },
  {
    version: 11,
    name: "threads and turns saved once per request",
    sql: `
      ALTER TABLE threads ADD COLUMN request_key TEXT;
      CREATE UNIQUE INDEX threads_request_key ON threads(request_key) WHERE request_key IS NOT NULL;
      ALTER TABLE thread_turns ADD COLUMN request_key TEXT;
      CREATE UNIQUE INDEX thread_turns_request_key ON thread_turns(thread_id, request_key)
        WHERE request_key IS NOT NULL;
    `,
  },
  {
    version: 12,
    name: "evidence levels of unclassified documents read from their title and abstract",
    sql: "",
    data: relabelStoredDocuments,
  },
];

/** Rows read at a time by a data step. */
const DATA_BATCH = 1000;

/**
 * Gives the unclassified documents stored before Galen read levels from text the level their title and abstract
 * state (as ingest now does): the column the search priors and statistics read, the record, and its hash. The
 * indexed text is unchanged, so the search index stays as it is; `updated_at` too, since the source record did not
 * change (living evidence reads it as "the document changed").
 */
function relabelStoredDocuments(db: Database.Database): void {
  const page = db.prepare<[number], { rowid: number; record: string }>(
    `SELECT rowid, record FROM documents WHERE evidence_level = 'unclassified' AND rowid > ?
     ORDER BY rowid LIMIT ${DATA_BATCH}`,
  );
  const update = db.prepare(
    "UPDATE documents SET evidence_level = ?, record = ?, content_hash = ? WHERE rowid = ?",
  );
  for (let after = 0; ; ) {
    const rows = page.all(after);
    for (const row of rows) {
      const relabelled = relabelledRecord(row.record);
      if (relabelled)
        update.run(relabelled.evidenceLevel, relabelled.record, relabelled.contentHash, row.rowid);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < DATA_BATCH) return;
    after = last.rowid;
  }
}

export function migrate(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    db
      .prepare<[], { version: number }>("SELECT version FROM schema_migrations")
      .all()
      .map((row) => row.version),
  );
  const newest = Math.max(0, ...applied);
  const known = Math.max(...MIGRATIONS.map((step) => step.version));
  if (newest > known) {
    throw new Error(`schema version ${newest} is newer than this Galen knows (${known})`);
  }
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  for (const step of MIGRATIONS) {
    if (applied.has(step.version)) continue;
    db.transaction(() => {
      if (step.sql) db.exec(step.sql);
      step.data?.(db);
      record.run(step.version, step.name, new Date().toISOString());
    })();
  }
}
