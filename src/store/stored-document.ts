import { hash } from "node:crypto";
import { abstractText, type EvidenceDocument, type EvidenceLevel } from "../evidence/index.ts";

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
    contentHash: hash("sha1", record, "base64url"),
  };
}

function isoPartialDate(date: { year: number; month?: number; day?: number }): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  if (date.month === undefined) return String(date.year);
  if (date.day === undefined) return `${date.year}-${pad(date.month)}`;
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}
