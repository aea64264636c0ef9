import type { EvidenceDocument } from "../evidence/index.ts";

/** What a reader yields: a document to upsert, or ids the source says to delete (PubMed `DeleteCitation`). */
export type SourceRecord =
  | { kind: "document"; document: EvidenceDocument }
  | { kind: "deletion"; ids: string[] };
