import { GalenError } from "../galen-error.ts";
import type { GalenStore } from "./galen-store.ts";
import { toStoredDocument } from "./stored-document.ts";
import { TRANSFERRED_TABLES, type TransferredTable } from "./transfer-store.ts";

const DOCUMENT_BATCH = 1000;

export interface CopyProgress {
  /** "documents", or the table being copied. */
  stage: string;
  done: number;
}

export interface CopyReport {
  documents: number;
  rows: Record<TransferredTable, number>;
}

/**
 * Copies a whole installation into an empty store of any engine: documents through the corpus port (the target
 * builds its own index; times kept, so living evidence is not fooled), then threads, articles with every version,
 * comments, accounts, the audit log as written and settings. Sessions and vectors are not copied: people sign in
 * again, and `galen embed` fills the vectors.
 */
export async function copyInstallation(
  from: GalenStore,
  to: GalenStore,
  onProgress: (progress: CopyProgress) => void = () => undefined,
): Promise<CopyReport> {
  await assertEmpty(to);
  let documents = 0;
  let after: string | undefined;
  for (;;) {
    const batch = await from.documentsAfter(after, DOCUMENT_BATCH);
    if (batch.length === 0) break;
    await to.writeBatch({
      upserts: batch.map(({ document, ingestedAt, updatedAt }) => ({
        ...toStoredDocument(document),
        ingestedAt,
        updatedAt,
      })),
      deletions: [],
    });
    documents += batch.length;
    after = batch[batch.length - 1]?.document.id;
    onProgress({ stage: "documents", done: documents });
  }
  // The whole corpus is a bulk load into the empty target.
  if (documents > 0) await to.optimizeSearchIndex();
  const rows = {} as Record<TransferredTable, number>;
  for (const table of TRANSFERRED_TABLES) {
    const exported = await from.exportRows(table);
    await to.importRows(table, exported);
    rows[table] = exported.length;
    onProgress({ stage: table, done: exported.length });
  }
  return { documents, rows };
}

async function assertEmpty(store: GalenStore): Promise<void> {
  const documents = (await store.stats()).documents;
  const articles = (await store.listArticles({ limit: 1 })).length;
  const accounts = (await store.listAccounts()).length;
  if (documents + articles + accounts > 0) {
    throw new GalenError(
      `The target already holds ${documents} documents${articles ? ", articles" : ""}${accounts ? ", accounts" : ""}. Copy into an empty database.`,
      2,
    );
  }
}
