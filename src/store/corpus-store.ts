import type { EvidenceDocument, EvidenceLevel } from "../evidence/index.ts";
import type { StoredDocument } from "./stored-document.ts";

/** A stored document with when the store first held it and last changed it. */
export interface DatedDocument {
  document: EvidenceDocument;
  ingestedAt: string;
  updatedAt: string;
}

/** One write: documents to upsert and ids to delete, applied atomically with the source's checkpoint. */
export interface CorpusBatch {
  upserts: readonly StoredDocument[];
  deletions: readonly string[];
  /** Progress through a source file, saved in the same transaction so that a re-run resumes exactly. */
  checkpoint?: SourceCheckpoint;
}

export interface BatchOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** How far the ingest of one source (identified by the checksum of its bytes) has come. */
export interface SourceCheckpoint {
  checksum: string;
  path: string;
  format: string;
  recordsDone: number;
  complete: boolean;
}

/**
 * A search any store can run. Each term is a word or a phrase, matched as text (never as query syntax); the
 * terms of a clause are OR-ed and scored by BM25. A document's score is the main clause's score plus each
 * expansion clause's score times its weight.
 */
export interface LexicalQuery {
  terms: readonly string[];
  expansions?: readonly LexicalClause[];
}

export interface LexicalClause {
  terms: readonly string[];
  weight: number;
  /** Match only this field (MeSH descriptors, say); all fields when absent. */
  field?: SearchField;
  /**
   * Terms that stand in for words typed (a vocabulary expansion for its concept as typed), each with those
   * words: such a term scores only documents that hold none of them, so that a document naming the concept both
   * ways is scored once, by the words typed.
   */
  standIns?: readonly StandIn[];
}

export interface StandIn {
  term: string;
  insteadOf: readonly string[];
}

export type SearchField = "title" | "abstract" | "mesh" | "keywords";

export interface LexicalSearchOptions {
  limit: number;
  includeRetracted?: boolean;
}

export interface LexicalHit {
  id: string;
  title: string;
  journal?: string;
  year?: number;
  evidenceLevel: EvidenceLevel;
  retracted: boolean;
  /** Higher is better. */
  score: number;
}

/** A passage of the document with the matched words marked as [start, end) offsets into `text`. */
export interface Snippet {
  text: string;
  highlights: Array<[number, number]>;
}

export interface CorpusStats {
  documents: number;
  retracted: number;
  bySource: Record<string, number>;
  byEvidenceLevel: Partial<Record<EvidenceLevel, number>>;
  newestPublication?: string;
  oldestPublication?: string;
  sizeBytes: number;
  location: string;
}

/** What warming the search index read into memory. */
export interface SearchIndexWarmUp {
  /** Words whose postings were read. */
  words: number;
  postings: number;
  bytes: number;
  /** Words left out because the memory budget was full. */
  skipped: number;
}

/** The corpus port: every engine adapter (SQLite, PostgreSQL) implements it and passes store/conformance. */
export interface CorpusStore {
  writeBatch(batch: CorpusBatch): Promise<BatchOutcome>;
  getDocument(id: string): Promise<EvidenceDocument | undefined>;
  /** Documents in id order after `afterId` (from the first when undefined), with their times, for copying a corpus. */
  documentsAfter(afterId: string | undefined, limit: number): Promise<DatedDocument[]>;
  /** Those of the given documents that were added, or whose record was replaced, after an ISO time. */
  documentsChangedSince(ids: readonly string[], since: string): Promise<string[]>;
  searchLexical(query: LexicalQuery, options: LexicalSearchOptions): Promise<LexicalHit[]>;
  snippets(query: LexicalQuery, ids: readonly string[]): Promise<Map<string, Snippet>>;
  /**
   * How many documents hold each term (a word, or a phrase as consecutive words), tokenized as the search index
   * tokenizes it: how specific a question's words are in this corpus. A count may stop at `cap` (a common term is
   * common however common).
   */
  documentFrequencies(terms: readonly string[], cap: number): Promise<Map<string, number>>;
  /**
   * Readies the search index after a bulk load, so that each word's postings are read from one place. It rewrites
   * the whole index, so it is for loads that grew the corpus by a good share (see ingestSources).
   */
  optimizeSearchIndex(): Promise<void>;
  /**
   * Reads the search index into memory before the first queries need it, where the store keeps it there (SQLite:
   * each searchable word's postings, as far as its memory budget allows); undefined where it does not.
   */
  warmSearchIndex(): Promise<SearchIndexWarmUp | undefined>;
  sourceCheckpoint(checksum: string): Promise<SourceCheckpoint | undefined>;
  /** Every MeSH descriptor name that some stored document carries. */
  meshDescriptors(): Promise<readonly string[]>;
  stats(): Promise<CorpusStats>;
  /** How many documents are stored: what stats() reports first, without its scans of every row. */
  documentCount(): Promise<number>;
  /** The embedding model whose vectors the store holds, if any (one model per store). */
  embeddingModel(): Promise<string | undefined>;
  /** Documents that have no vector yet, with the text to embed (title and abstract). */
  documentsToEmbed(limit: number): Promise<Array<{ id: string; text: string }>>;
  /** Stores vectors; refuses vectors from another model or of another length than those already held. */
  saveEmbeddings(
    model: string,
    vectors: ReadonlyArray<{ id: string; vector: readonly number[] }>,
  ): Promise<void>;
  /** Nearest documents by cosine similarity (the score), best first. */
  nearestDocuments(vector: readonly number[], options: LexicalSearchOptions): Promise<LexicalHit[]>;
  close(): Promise<void>;
}
