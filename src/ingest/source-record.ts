import type { EvidenceDocument } from "../evidence/index.ts";
import { type StoredDocument, toStoredDocument } from "../store/stored-document.ts";

/** What a reader yields: a document to upsert, or ids the source says to delete (PubMed `DeleteCitation`). */
export type SourceRecord =
  | { kind: "document"; document: EvidenceDocument }
  | { kind: "deletion"; ids: string[] };

/** A record ready for the store: documents already serialised (done in the reader's thread). */
export type PreparedRecord =
  | { kind: "document"; document: StoredDocument }
  | { kind: "deletion"; ids: string[] };

export function prepareRecord(record: SourceRecord): PreparedRecord {
  return record.kind === "document"
    ? { kind: "document", document: toStoredDocument(record.document) }
    : record;
}

export async function* prepareRecords(records: AsyncIterable<SourceRecord>): AsyncGenerator<PreparedRecord> {
  for await (const record of records) yield prepareRecord(record);
}
