import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { EvidenceDocument } from "../../evidence/index.ts";
import { errorMessage, GalenError } from "../../galen-error.ts";
import type { Account, NewAccount } from "../account-store.ts";
import type {
  Article,
  ArticleQuery,
  ArticleSummary,
  ArticleVersionInfo,
  NewArticle,
  NewArticleVersion,
  NewEvidence,
  ReviewComment,
  ReviewStatus,
  StatusChange,
} from "../article-store.ts";
import type { AuditEntry, NewAuditEntry } from "../audit-store.ts";
import type {
  BatchOutcome,
  CorpusBatch,
  CorpusStats,
  DatedDocument,
  LexicalHit,
  LexicalQuery,
  LexicalSearchOptions,
  SearchIndexWarmUp,
  Snippet,
  SourceCheckpoint,
} from "../corpus-store.ts";
import type { GalenStore } from "../galen-store.ts";
import { DEFAULT_COMMON_TERM_SHARE, DEFAULT_FIELD_WEIGHTS, type FieldWeights } from "../lexical-ranking.ts";
import type { Session } from "../session-store.ts";
import { MESH_SEPARATOR, type StoredDocument } from "../stored-document.ts";
import type { NewThreadTurn, Thread } from "../thread-store.ts";
import type { TransferRow, TransferredTable } from "../transfer-store.ts";
import { DEFAULT_SEARCH_MEMORY_BYTES, Fts5Search, type HitRow, toHit } from "./fts5-search.ts";
import { migrate } from "./migrations.ts";
import { PreparedStatements } from "./prepared-statements.ts";
import { SqliteAccounts } from "./sqlite-accounts.ts";
import { SqliteArticles } from "./sqlite-articles.ts";
import { SqliteAuditLog } from "./sqlite-audit-log.ts";
import { explainSqliteError } from "./sqlite-errors.ts";
import { SqliteRateEvents } from "./sqlite-rate-events.ts";
import { SqliteSettings } from "./sqlite-settings.ts";
import { SqliteThreads } from "./sqlite-threads.ts";
import { SqliteTransfer } from "./sqlite-transfer.ts";
import { SqliteVectors } from "./sqlite-vectors.ts";

export { DEFAULT_COMMON_TERM_SHARE, DEFAULT_FIELD_WEIGHTS, type FieldWeights } from "../lexical-ranking.ts";

export interface SqliteStoreOptions {
  /** How long a write waits for another process's lock before giving up. */
  busyTimeoutMs?: number;
  /** Words in more than this share of documents are not searched (1 searches every word). */
  commonTermShare?: number;
  /** BM25 column weights: title, abstract, MeSH, keywords. */
  fieldWeights?: FieldWeights;
  /** Memory for the word index's postings (see word-index.ts); past it the least recently used words are dropped. */
  searchMemoryBytes?: number;
}

interface ExistingRow {
  rowid: number;
  content_hash: string;
}

export async function openSqliteCorpusStore(
  path: string,
  options: SqliteStoreOptions = {},
): Promise<GalenStore> {
  return new SqliteCorpusStore(path, options);
}

class SqliteCorpusStore implements GalenStore {
  private readonly db: Database.Database;
  /** Only a connection that wrote folds the write-ahead log back on close; readers never wait for a writer. */
  private wrote = false;
  private readonly lexical: Fts5Search;
  private descriptors: readonly string[] | undefined;
  private readonly vectors: SqliteVectors;
  /** One cache of prepared statements for this connection, shared with the ranked search. */
  private readonly prepared: PreparedStatements;
  private readonly threads: SqliteThreads;
  private readonly articles: SqliteArticles;
  private readonly accounts: SqliteAccounts;
  private readonly audit: SqliteAuditLog;
  private readonly settings: SqliteSettings;
  private readonly transfer: SqliteTransfer;
  private readonly rateEvents: SqliteRateEvents;

  constructor(
    private readonly path: string,
    options: SqliteStoreOptions,
  ) {
    this.db = this.guard(() => {
      if (path !== ":memory:") makeFolderFor(path);
      const db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("foreign_keys = ON");
      try {
        migrate(db);
      } catch (error) {
        db.close();
        if (error instanceof Error && /newer than this Galen/.test(error.message)) {
          throw new GalenError(
            `The database ${path} was written by a newer Galen (${error.message}). Upgrade Galen.`,
          );
        }
        throw error;
      }
      return db;
    });
    this.vectors = this.guard(() => new SqliteVectors(this.db));
    this.threads = new SqliteThreads(this.db);
    this.articles = new SqliteArticles(this.db);
    this.accounts = new SqliteAccounts(this.db);
    this.audit = new SqliteAuditLog(this.db);
    this.settings = new SqliteSettings(this.db);
    this.transfer = new SqliteTransfer(this.db);
    this.rateEvents = new SqliteRateEvents(this.db);
    this.prepared = new PreparedStatements(this.db);
    this.lexical = new Fts5Search(
      this.db,
      this.prepared,
      options.fieldWeights ?? DEFAULT_FIELD_WEIGHTS,
      options.commonTermShare ?? DEFAULT_COMMON_TERM_SHARE,
      options.searchMemoryBytes ?? DEFAULT_SEARCH_MEMORY_BYTES,
    );
  }

  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw explainSqliteError(error, this.path);
    }
  }

  async writeBatch(batch: CorpusBatch): Promise<BatchOutcome> {
    this.wrote = true;
    this.lexical.forget();
    return this.guard(() => this.db.transaction(() => this.applyBatch(batch)).immediate());
  }

  private applyBatch(batch: CorpusBatch): BatchOutcome {
    this.vectors.beginWrite();
    const outcome: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
    const now = new Date().toISOString();
    const find = this.statement(FIND_DOCUMENT);
    for (const document of batch.upserts) {
      const row = toRow(document);
      const existing = find.get(document.id) as ExistingRow | undefined;
      if (existing === undefined) {
        const { lastInsertRowid } = this.statement(INSERT_DOCUMENT).run({
          ...row,
          ingested_at: document.ingestedAt ?? now,
          updated_at: document.updatedAt ?? now,
        });
        this.statement(INDEX_TEXT).run({ ...row, rowid: lastInsertRowid });
        this.recordDescriptors(document.mesh);
        outcome.inserted++;
      } else if (existing.content_hash !== row.content_hash) {
        this.unindex(existing.rowid);
        this.vectors.forget(existing.rowid);
        this.statement(UPDATE_DOCUMENT).run({ ...row, updated_at: document.updatedAt ?? now });
        this.statement(INDEX_TEXT).run({ ...row, rowid: existing.rowid });
        this.recordDescriptors(document.mesh);
        outcome.updated++;
      } else {
        outcome.unchanged++;
      }
    }
    for (const id of batch.deletions) {
      const existing = find.get(id) as ExistingRow | undefined;
      if (existing === undefined) continue;
      this.unindex(existing.rowid);
      this.vectors.forget(existing.rowid);
      this.statement("DELETE FROM documents WHERE rowid = ?").run(existing.rowid);
      outcome.deleted++;
    }
    if (batch.checkpoint) {
      const { checksum, path, format, recordsDone, complete } = batch.checkpoint;
      this.statement(UPSERT_CHECKPOINT).run(checksum, path, format, recordsDone, complete ? 1 : 0, now);
    }
    return outcome;
  }

  private recordDescriptors(mesh: string): void {
    if (mesh === "") return;
    const add = this.statement("INSERT OR IGNORE INTO mesh_descriptors (name) VALUES (?)");
    for (const descriptor of mesh.split(MESH_SEPARATOR)) add.run(descriptor);
    this.descriptors = undefined;
  }

  async embeddingModel(): Promise<string | undefined> {
    return this.guard(() => this.vectors.space()?.model);
  }

  async documentsToEmbed(limit: number): Promise<Array<{ id: string; text: string }>> {
    return this.guard(() =>
      this.vectors
        .withoutVector(limit)
        .map((row) => ({ id: row.id, text: `${row.title}\n${row.abstract ?? ""}`.trim() })),
    );
  }

  async saveEmbeddings(
    model: string,
    vectors: ReadonlyArray<{ id: string; vector: readonly number[] }>,
  ): Promise<void> {
    this.wrote = true;
    this.guard(() =>
      this.db.transaction(() => {
        const find = this.statement(FIND_DOCUMENT);
        const rows = vectors.flatMap(({ id, vector }) => {
          const found = find.get(id) as ExistingRow | undefined;
          return found ? [{ rowid: found.rowid, vector }] : [];
        });
        this.vectors.save(model, rows);
      })(),
    );
  }

  async nearestDocuments(vector: readonly number[], options: LexicalSearchOptions): Promise<LexicalHit[]> {
    return this.guard(() => {
      const nearest = this.vectors.nearest(vector, Math.max(options.limit * 2, options.limit + 20));
      const describe = this.statement(
        "SELECT id, title, journal, pub_year, evidence_level, retracted FROM documents WHERE rowid = ?",
      );
      return nearest
        .flatMap(({ rowid, distance }) => {
          const row = describe.get(rowid) as Omit<HitRow, "score"> | undefined;
          return row && (options.includeRetracted || row.retracted === 0)
            ? [toHit({ ...row, score: 1 - distance })]
            : [];
        })
        .slice(0, options.limit);
    });
  }

  async meshDescriptors(): Promise<readonly string[]> {
    this.descriptors ??= this.guard(() =>
      (this.statement("SELECT name FROM mesh_descriptors").all() as Array<{ name: string }>).map(
        (row) => row.name,
      ),
    );
    return this.descriptors;
  }

  /** FTS5 removes an external-content entry only when given the exact text it indexed. */
  private unindex(rowid: number): void {
    this.statement(UNINDEX_TEXT).run(this.statement(INDEXED_TEXT).get(rowid));
  }

  private statement(sql: string): Database.Statement {
    return this.prepared.get(sql);
  }

  async getDocument(id: string): Promise<EvidenceDocument | undefined> {
    const row = this.guard(
      () =>
        this.statement("SELECT record FROM documents WHERE id = ?").get(id) as { record: string } | undefined,
    );
    return row === undefined ? undefined : EvidenceDocument.parse(JSON.parse(row.record));
  }

  async documentsAfter(afterId: string | undefined, limit: number): Promise<DatedDocument[]> {
    const rows = this.guard(
      () =>
        this.statement(
          "SELECT record, ingested_at, updated_at FROM documents WHERE id > ? ORDER BY id LIMIT ?",
        ).all(afterId ?? "", limit) as Array<{ record: string; ingested_at: string; updated_at: string }>,
    );
    return rows.map((row) => ({
      document: EvidenceDocument.parse(JSON.parse(row.record)),
      ingestedAt: row.ingested_at,
      updatedAt: row.updated_at,
    }));
  }

  async documentsChangedSince(ids: readonly string[], since: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = this.guard(
      () =>
        this.statement(
          "SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?)) AND updated_at > ?",
        ).all(JSON.stringify(ids), since) as Array<{ id: string }>,
    );
    return rows.map((row) => row.id);
  }

  async searchLexical(query: LexicalQuery, options: LexicalSearchOptions): Promise<LexicalHit[]> {
    return this.guard(() => this.lexical.search(query, options));
  }

  async snippets(query: LexicalQuery, ids: readonly string[]): Promise<Map<string, Snippet>> {
    return this.guard(() => this.lexical.snippets(query, ids));
  }

  async documentFrequencies(terms: readonly string[], cap: number): Promise<Map<string, number>> {
    return this.guard(() => this.lexical.documentFrequencies(terms, cap));
  }

  /**
   * FTS5's 'optimize': each batch written adds a segment to the index, and FTS5 merges them only four at a time,
   * so a bulk load leaves a word's postings spread over about a dozen segments that every query reads together.
   * Measured at 100,000 documents: 11 segments merged into one in 0.9–1.4 s; in paired runs search p50 7–12% lower
   * without snippets and 12–24% lower with them (the snippet query three to five times as fast: it looks up each
   * hit's postings, which one segment holds in one place). docs/BENCHMARKS.md has the figures.
   */
  async optimizeSearchIndex(): Promise<void> {
    this.wrote = true;
    this.guard(() => this.statement("INSERT INTO documents_fts(documents_fts) VALUES('optimize')").run());
  }

  /** Each searchable word's postings into memory, yielding to other work every 20 ms or so; close() stops it. */
  async warmSearchIndex(): Promise<SearchIndexWarmUp> {
    try {
      return await this.lexical.warm(
        () => new Promise((resolve) => setImmediate(() => resolve(this.db.open))),
      );
    } catch (error) {
      throw explainSqliteError(error, this.path);
    }
  }

  async sourceCheckpoint(checksum: string): Promise<SourceCheckpoint | undefined> {
    const row = this.guard(
      () =>
        this.statement("SELECT * FROM source_checkpoints WHERE checksum = ?").get(checksum) as
          | { checksum: string; path: string; format: string; records_done: number; complete: number }
          | undefined,
    );
    if (row === undefined) return undefined;
    return {
      checksum: row.checksum,
      path: row.path,
      format: row.format,
      recordsDone: row.records_done,
      complete: row.complete === 1,
    };
  }

  async documentCount(): Promise<number> {
    return this.guard(() => this.countDocuments());
  }

  private countDocuments(): number {
    return (this.statement("SELECT count(*) AS n FROM documents").get() as { n: number }).n;
  }

  async stats(): Promise<CorpusStats> {
    return this.guard(() => {
      const count = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
      const grouped = (column: string) =>
        Object.fromEntries(
          (
            this.db
              .prepare(
                `SELECT ${column} AS k, count(*) AS n FROM documents GROUP BY ${column} ORDER BY n DESC`,
              )
              .all() as Array<{ k: string; n: number }>
          ).map((row) => [row.k, row.n]),
        );
      const range = this.db
        .prepare("SELECT min(pub_date) AS oldest, max(pub_date) AS newest FROM documents")
        .get() as { oldest: string | null; newest: string | null };
      return {
        documents: this.countDocuments(),
        retracted: count("SELECT count(*) AS n FROM documents WHERE retracted = 1"),
        bySource: grouped("source"),
        byEvidenceLevel: grouped("evidence_level"),
        ...(range.newest ? { newestPublication: range.newest } : {}),
        ...(range.oldest ? { oldestPublication: range.oldest } : {}),
        sizeBytes: this.sizeBytes(),
        location: this.path,
      };
    });
  }

  private sizeBytes(): number {
    if (this.path === ":memory:") return 0;
    const size = (file: string) => {
      try {
        return statSync(file).size;
      } catch {
        return 0;
      }
    };
    return size(this.path) + size(`${this.path}-wal`);
  }

  async createThread(requestKey?: string): Promise<string> {
    this.wrote = true;
    return this.guard(() => this.threads.create(requestKey));
  }

  async appendTurn(threadId: string, turn: NewThreadTurn, requestKey?: string): Promise<number | undefined> {
    this.wrote = true;
    return this.guard(() => this.threads.append(threadId, turn, requestKey));
  }

  async getThread(threadId: string): Promise<Thread | undefined> {
    return this.guard(() => this.threads.get(threadId));
  }

  async saveArticle(article: NewArticle): Promise<Article> {
    this.wrote = true;
    return this.guard(() => this.articles.save(article));
  }

  async getArticle(id: string, version?: number): Promise<Article | undefined> {
    return this.guard(() => this.articles.get(id, version));
  }

  async articleSummary(id: string): Promise<ArticleSummary | undefined> {
    return this.guard(() => this.articles.summary(id));
  }

  async listArticles(query: ArticleQuery): Promise<ArticleSummary[]> {
    return this.guard(() => this.articles.list(query));
  }

  async articlesCiting(documentId: string): Promise<ArticleSummary[]> {
    return this.guard(() => this.articles.citing(documentId));
  }

  async articleVersions(id: string): Promise<ArticleVersionInfo[]> {
    return this.guard(() => this.articles.versions(id));
  }

  async saveArticleVersion(version: NewArticleVersion): Promise<ArticleSummary | undefined> {
    this.wrote = true;
    return this.guard(() => this.articles.saveVersion(version));
  }

  async changeArticleStatus(
    id: string,
    from: ReviewStatus,
    to: ReviewStatus,
    change: StatusChange = {},
  ): Promise<ArticleSummary | undefined> {
    this.wrote = true;
    return this.guard(() => this.articles.changeStatus(id, from, to, change));
  }

  async flagNewEvidence(id: string, evidence: NewEvidence): Promise<ArticleSummary | undefined> {
    this.wrote = true;
    return this.guard(() => this.articles.flagNewEvidence(id, evidence));
  }

  async setArticleSpecialty(id: string, specialty: string | undefined): Promise<ArticleSummary | undefined> {
    this.wrote = true;
    return this.guard(() => this.articles.setSpecialty(id, specialty));
  }

  async addReviewComment(comment: Omit<ReviewComment, "id" | "createdAt">): Promise<ReviewComment> {
    this.wrote = true;
    return this.guard(() => this.articles.addComment(comment));
  }

  async reviewComments(articleId: string): Promise<ReviewComment[]> {
    return this.guard(() => this.articles.comments(articleId));
  }

  async resolveReviewComment(
    articleId: string,
    commentId: number,
    resolvedBy: string | undefined,
  ): Promise<ReviewComment | undefined> {
    this.wrote = true;
    return this.guard(() => this.articles.resolveComment(articleId, commentId, resolvedBy));
  }

  async exportRows(table: TransferredTable): Promise<TransferRow[]> {
    return this.guard(() => this.transfer.exportRows(table));
  }

  async importRows(table: TransferredTable, rows: readonly TransferRow[]): Promise<void> {
    this.wrote = true;
    this.guard(() => this.transfer.importRows(table, rows));
  }

  async recordEvent(key: string, at: Date, keepMs: number): Promise<void> {
    this.wrote = true;
    this.guard(() => this.rateEvents.record(key, at, keepMs));
  }

  async eventsSince(key: string, since: Date): Promise<number[]> {
    return this.guard(() => this.rateEvents.since(key, since));
  }

  async getSetting(key: string): Promise<string | undefined> {
    return this.guard(() => this.settings.get(key));
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.wrote = true;
    this.guard(() => this.settings.set(key, value));
  }

  async createAccount(account: NewAccount): Promise<Account | undefined> {
    this.wrote = true;
    return this.guard(() => this.accounts.create(account));
  }

  async findAccount(email: string): Promise<(Account & { passwordHash: string }) | undefined> {
    return this.guard(() => this.accounts.find(email));
  }

  async listAccounts(): Promise<Account[]> {
    return this.guard(() => this.accounts.list());
  }

  async updateAccount(
    email: string,
    change: { role?: string; disabled?: boolean },
  ): Promise<Account | undefined> {
    this.wrote = true;
    return this.guard(() => this.accounts.update(email, change));
  }

  async createSession(tokenHash: string, session: Session): Promise<void> {
    this.wrote = true;
    this.guard(() => this.accounts.createSession(tokenHash, session));
  }

  async findSession(tokenHash: string, now: Date): Promise<Session | undefined> {
    return this.guard(() => this.accounts.findSession(tokenHash, now));
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.wrote = true;
    this.guard(() => this.accounts.deleteSession(tokenHash));
  }

  async deleteSessionsOf(email: string): Promise<void> {
    this.wrote = true;
    this.guard(() => this.accounts.deleteSessionsOf(email));
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    this.wrote = true;
    return this.guard(() => this.audit.append(entry));
  }

  async auditEntries(): Promise<AuditEntry[]> {
    return this.guard(() => this.audit.entries());
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.guard(() => {
      if (this.wrote) this.db.pragma("wal_checkpoint(TRUNCATE)");
      this.db.close();
    });
  }
}

/** The database's folder is created on first use; failing that (a file in the way, no permission) is one line. */
function makeFolderFor(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new GalenError(
      `Cannot create the folder for the database ${path} (${errorMessage(error)}). Choose another file with --db.`,
      1,
      { cause: error },
    );
  }
}

const FIND_DOCUMENT = "SELECT rowid, content_hash FROM documents WHERE id = ?";

const INDEXED_TEXT = "SELECT rowid, title, abstract, mesh, keywords FROM documents_text WHERE rowid = ?";

const INDEX_TEXT = `
  INSERT INTO documents_fts (rowid, title, abstract, mesh, keywords) VALUES (@rowid, @title, @abstract, @mesh, @keywords)`;

const UNINDEX_TEXT = `
  INSERT INTO documents_fts (documents_fts, rowid, title, abstract, mesh, keywords)
  VALUES ('delete', @rowid, @title, @abstract, @mesh, @keywords)`;

const INSERT_DOCUMENT = `
  INSERT INTO documents (id, source, title, mesh, keywords, journal, pub_year, pub_date, evidence_level,
    retracted, content_hash, record, ingested_at, updated_at)
  VALUES (@id, @source, @title, @mesh, @keywords, @journal, @pub_year, @pub_date, @evidence_level,
    @retracted, @content_hash, @record, @ingested_at, @updated_at)`;

const UPDATE_DOCUMENT = `
  UPDATE documents SET source = @source, title = @title, mesh = @mesh, keywords = @keywords,
    journal = @journal, pub_year = @pub_year, pub_date = @pub_date, evidence_level = @evidence_level,
    retracted = @retracted, content_hash = @content_hash, record = @record, updated_at = @updated_at
  WHERE id = @id`;

const UPSERT_CHECKPOINT = `
  INSERT INTO source_checkpoints (checksum, path, format, records_done, complete, updated_at)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (checksum) DO UPDATE SET path = excluded.path, format = excluded.format,
    records_done = excluded.records_done, complete = excluded.complete, updated_at = excluded.updated_at`;

/** Column values for a document (SQLite stores booleans as 0/1). */
function toRow(document: StoredDocument) {
  return {
    id: document.id,
    source: document.source,
    title: document.title,
    abstract: document.abstract,
    mesh: document.mesh,
    keywords: document.keywords,
    journal: document.journal,
    pub_year: document.year,
    pub_date: document.date,
    evidence_level: document.evidenceLevel,
    retracted: document.retracted ? 1 : 0,
    content_hash: document.contentHash,
    record: document.record,
  };
}
