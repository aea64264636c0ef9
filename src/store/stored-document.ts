import { hash } from "node:crypto";
import { abstractText, EvidenceDocument, type EvidenceLevel, withLevelFromText } from "../evidence/index.ts";

/**
 * A document prepared for any store: the searchable text flattened, the full record serialised once, and a
 * content hash that makes re-ingesting an unchanged record a no-op. Ingest prepares it off the main thread.
 */
export interface StoredDocument {
  id: string;
  source: string;
  title: string;
  abstract: string;
  mesh: string;
  keywords: string;
  journal: string | null;
  year: number | null;
  /** ISO date as precise as the source: "2018", "2018-05" or "2018-05-17". */
  date: string | null;
  evidenceLevel: EvidenceLevel;
  retracted: boolean;
  /** The whole EvidenceDocument as JSON. */
  record: string;
  contentHash: string;
  /** When another store first held it and last changed it: kept when a corpus is copied between stores. */
  ingestedAt?: string;
  updatedAt?: string;
}

/** Joins MeSH descriptor names in the searchable `mesh` text. */
export const MESH_SEPARATOR = "; ";

export function toStoredDocument(document: EvidenceDocument): StoredDocument {
  const record = JSON.stringify(document);
  const date = document.publicationDate;
  return {
    id: document.id,
    source: document.source,
    title: document.title,
    abstract: abstractText(document),
    mesh: document.mesh.map((heading) => heading.descriptor).join(MESH_SEPARATOR),
    keywords: document.keywords.join("; "),
    journal: document.journal ?? null,
    year: date?.year ?? null,
    date: date ? isoPartialDate(date) : null,
    evidenceLevel: document.evidenceLevel,
    retracted: document.retracted,
    record,
    contentHash: contentHash(record),
  };
}

/** A stored row's new level, record and hash once its level is read from its text. */
export interface RelabelledRecord {
  evidenceLevel: EvidenceLevel;
  record: string;
  contentHash: string;
}

/**
 * The evidence level a stored unclassified record's title and abstract state (the schema migration that brings
 * stored documents up to what ingest now derives; both engines run it). Undefined when the record keeps its level.
 * The record's keys stay in their order, with the new mark last, as ingest now writes them, so that ingesting the
 * same record again finds the same content hash and writes nothing.
 */
export function relabelledRecord(record: string): RelabelledRecord | undefined {
  const raw = JSON.parse(record) as Record<string, unknown>;
  // A record this Galen cannot read keeps its level rather than stop the store from opening.
  const stored = EvidenceDocument.safeParse(raw);
  const relabelled = stored.success ? withLevelFromText(stored.data) : undefined;
  if (relabelled === undefined) return undefined;
  const json = JSON.stringify({
    ...raw,
    evidenceLevel: relabelled.evidenceLevel,
    evidenceLevelInferred: relabelled.evidenceLevelInferred,
  });
  return { evidenceLevel: relabelled.evidenceLevel, record: json, contentHash: contentHash(json) };
}

function contentHash(record: string): string {
  return hash("sha1", record, "base64url");
}

function isoPartialDate(date: { year: number; month?: number; day?: number }): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  if (date.month === undefined) return String(date.year);
  if (date.day === undefined) return `${date.year}-${pad(date.month)}`;
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}
