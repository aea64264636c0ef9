import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { hasSharedData, SKIP_REASON, sharedData } from "../../test/shared-data.ts";
import { ingestSources } from "../ingest/ingest-sources.ts";
import { planSources } from "../ingest/source-format.ts";
import { RETRIEVAL_PRESETS } from "../search/index.ts";
import { openSqliteCorpusStore } from "../store/sqlite/sqlite-corpus-store.ts";
import { runBeirQueries } from "./beir-eval.ts";
import { questionSetAsBeir, readQuestionSet } from "./question-set.ts";

const folder = mkdtempSync(join(tmpdir(), "galen-questions-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const MISMATCH_SET = fileURLToPath(new URL("./data/vocabulary-mismatch.jsonl", import.meta.url));
const FRESH_SET = fileURLToPath(new URL("./data/vocabulary-mismatch-fresh.jsonl", import.meta.url));

describe("question sets", () => {
  it("reads id, question and target, and says which line is wrong", async () => {
    const path = join(folder, "set.jsonl");
    writeFileSync(path, '{"id":"a","question":"heart attack?","target":"pubmed:1"}\n\n{"id":"b"}\n');
    await expect(readQuestionSet(path)).rejects.toThrow(
      /set\.jsonl line 3: needs "id", "question" and "target"/,
    );
    writeFileSync(path, '{"id":"a","question":"heart attack?","target":"pubmed:1"}\n');
    const { queries, qrels } = questionSetAsBeir(await readQuestionSet(path));
    expect(queries.get("a")).toBe("heart attack?");
    expect(qrels.get("a")).toEqual(new Map([["pubmed:1", 1]]));
  });

  it.skipIf(!hasSharedData)(
    `the vocabulary finds what plain BM25 misses on both mismatch sets (${hasSharedData ? "shared data present" : SKIP_REASON})`,
    async () => {
      const store = await openSqliteCorpusStore(join(folder, "merged.db"));
      const corpus = ["scifact", "pubmedqa/ori_pqal.json", "pubmed-xml"].map(sharedData);
      await ingestSources(store, await planSources(corpus));
      const evaluate = async (file: string) => {
        const { queries, qrels } = questionSetAsBeir(await readQuestionSet(file));
        const run = async (settings: (typeof RETRIEVAL_PRESETS)["galen"]) =>
          (await runBeirQueries(store, queries, qrels, { k: 100, idPrefix: "", search: { settings } }))
            .evaluation;
        return { galen: await run(RETRIEVAL_PRESETS.galen), bm25: await run(RETRIEVAL_PRESETS.bm25) };
      };
      const tuned = await evaluate(MISMATCH_SET);
      const fresh = await evaluate(FRESH_SET);
      await store.close();
      // Measured (docs/MEASUREMENTS.md, "Retrieval quality"): Recall@10 / MRR@10 0.909 / 0.742 on the set tuned on, against
      // plain BM25's 0.496 / 0.336; 0.863 / 0.773 on the fresh set, against 0.538 / 0.424.
      expect(tuned.galen.recallAt10).toBeGreaterThanOrEqual(0.9);
      expect(tuned.galen.mrr).toBeGreaterThanOrEqual(0.73);
      expect(tuned.galen.recallAt10 - tuned.bm25.recallAt10).toBeGreaterThanOrEqual(0.2);
      expect(fresh.galen.recallAt10).toBeGreaterThanOrEqual(0.84);
      expect(fresh.galen.mrr).toBeGreaterThanOrEqual(0.74);
      expect(fresh.galen.recallAt10 - fresh.bm25.recallAt10).toBeGreaterThanOrEqual(0.2);
    },
  );
});
