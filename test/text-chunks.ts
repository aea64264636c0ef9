import type { SourceRecord } from "../src/ingest/source-record.ts";

/** Feeds text to a reader in small pieces, as a file stream would. */
export async function* inChunks(text: string, size = 41): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

export async function collect(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const all: SourceRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}
