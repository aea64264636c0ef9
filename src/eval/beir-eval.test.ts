import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasSharedData, SKIP_REASON, sharedData } from "../../test/shared-data.ts";
import { ingestSources } from "../ingest/ingest-sources.ts";
import { planSources } from "../ingest/source-format.ts";
import { openSqliteCorpusStore } from "../store/sqlite/sqlite-corpus-store.ts";
import { runBeirQueries } from "./beir-eval.ts";
import { readBeirQrels, readBeirQueries } from "./beir-files.ts";

const folder = mkdtempSync(join(tmpdir(), "galen-beir-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("BEIR evaluation", () => {
  it.skipIf(!hasSharedData)(
    `keeps SciFact training nDCG@10 at or above 0.69 (${hasSharedData ? "shared data present" : SKIP_REASON})`,
    async () => {
      const scifact = sharedData("scifact");
      const store = await openSqliteCorpusStore(join(folder, "scifact.db"));
      const [plan] = await planSources([scifact]);
      expect(plan).toMatchObject({ format: "beir", source: "scifact" });
      if (!plan) return;
      await ingestSources(store, [plan]);
      const result = await runBeirQueries(
        store,
        await readBeirQueries(scifact),
        await readBeirQrels(scifact, "train"),
        {
          k: 100,
          idPrefix: "scifact:",
        },
      );
      await store.close();
      expect(result.evaluation.queries).toBe(809);
      expect(result.evaluation.ndcg).toBeGreaterThanOrEqual(0.69);
      expect(result.evaluation.recall).toBeGreaterThanOrEqual(0.9);
      expect(result.run.get("0")?.length).toBe(100);
      expect(result.run.get("0")?.[0]?.docId).toMatch(/^\d+$/);
    },
  );
});
