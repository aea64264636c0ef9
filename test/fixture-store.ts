import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ingestSources } from "../src/ingest/ingest-sources.ts";
import { planSources } from "../src/ingest/source-format.ts";
import { type GalenStore, openCorpusStore } from "../src/store/index.ts";

/** Invented abstracts on spondylolysis and distractors (see test/fixtures/README.md). */
export const ANSWER_FIXTURE = fileURLToPath(new URL("./fixtures/answer-corpus.jsonl", import.meta.url));

/** A real SQLite store in a fresh folder, holding the answer fixture (and any other sources given). */
export async function fixtureStore(
  extraSources: readonly string[] = [],
): Promise<{ store: GalenStore; remove(): Promise<void> }> {
  const folder = mkdtempSync(join(tmpdir(), "galen-fixture-"));
  const store = await openCorpusStore({ db: join(folder, "corpus.db") });
  await ingestSources(store, await planSources([ANSWER_FIXTURE, ...extraSources]));
  return {
    store,
    async remove() {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
