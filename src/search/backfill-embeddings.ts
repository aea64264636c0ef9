import type { EmbeddingModel } from "../model/embedding-model.ts";
import type { CorpusStore } from "../store/corpus-store.ts";

export interface BackfillOptions {
  /** Documents per request to the embedding server. */
  batchSize: number;
  signal?: AbortSignal;
  /** Called after each saved batch with the running total. */
  onBatch?: (embedded: number) => void;
}

/**
 * Gives every document that has no vector yet one from `model`, a batch at a time; each batch is saved before the
 * next is asked for, so a stopped backfill resumes where it stopped. Returns how many documents were embedded.
 */
export async function backfillEmbeddings(
  store: CorpusStore,
  model: EmbeddingModel,
  options: BackfillOptions,
): Promise<number> {
  let embedded = 0;
  while (!options.signal?.aborted) {
    const batch = await store.documentsToEmbed(options.batchSize);
    if (batch.length === 0) break;
    const vectors = await model.embed(
      batch.map((item) => item.text),
      options.signal,
    );
    await store.saveEmbeddings(
      model.name,
      batch.map((item, index) => ({ id: item.id, vector: vectors[index] ?? [] })),
    );
    embedded += batch.length;
    options.onBatch?.(embedded);
  }
  return embedded;
}
