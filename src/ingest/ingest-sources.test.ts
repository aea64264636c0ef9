import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { hasSharedData, SKIP_REASON, sharedData } from "../../test/shared-data.ts";
import { openSqliteCorpusStore } from "../store/sqlite/sqlite-corpus-store.ts";
import { ingestSources } from "./ingest-sources.ts";
import { planSources } from "./source-format.ts";

const folder = mkdtempSync(join(tmpdir(), "galen-ingest-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let counter = 0;
const freshStore = () => openSqliteCorpusStore(join(folder, `corpus-${++counter}.db`));

function article(pmid: number, title: string): string {
  return `<PubmedArticle><MedlineCitation><PMID Version="1">${pmid}</PMID><Article><ArticleTitle>${title}</ArticleTitle>
    <Abstract><AbstractText>Abstract of ${pmid}.</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>`;
}

function pubmedFile(name: string, body: string): string {
  const path = join(folder, name);
  const xml = `<?xml version="1.0"?>\n<PubmedArticleSet>\n${body}\n</PubmedArticleSet>\n`;
  writeFileSync(path, name.endsWith(".gz") ? gzipSync(xml) : xml);
  return path;
}

describe("ingesting sources", () => {
  it("upserts by id: an updated record replaces the old one, a DeleteCitation removes one", async () => {
    const store = await freshStore();
    const baseline = pubmedFile("baseline.xml.gz", [1, 2, 3].map((n) => article(n, `Title ${n}`)).join("\n"));
    const first = await ingestSources(store, await planSources([baseline]), { batchSize: 2 });
    expect(first.outcome).toEqual({ inserted: 3, updated: 0, unchanged: 0, deleted: 0 });

    const update = pubmedFile(
      "update.xml",
      `${article(2, "Title 2, corrected")}\n${article(4, "Title 4")}\n<DeleteCitation><PMID>3</PMID></DeleteCitation>`,
    );
    const second = await ingestSources(store, await planSources([update]));
    expect(second.outcome).toEqual({ inserted: 1, updated: 1, unchanged: 0, deleted: 1 });
    expect((await store.getDocument("pubmed:2"))?.title).toBe("Title 2, corrected");
    expect(await store.getDocument("pubmed:3")).toBeUndefined();
    expect((await store.stats()).documents).toBe(3);
    await store.close();
  });

  it("optimizes the search index after a bulk load, not after a small update", async () => {
    const store = await freshStore();
    const bulk = pubmedFile(
      "bulk.xml",
      Array.from({ length: 12 }, (_, i) => article(300 + i, `Bulk ${i}`)).join("\n"),
    );
    const loaded = await ingestSources(store, await planSources([bulk]), { batchSize: 3 });
    expect(loaded.optimizeMs).toBeGreaterThanOrEqual(0);
    // 2 of 14 documents written: less than a quarter of the corpus.
    const small = pubmedFile("small.xml", [article(400, "Small 1"), article(401, "Small 2")].join("\n"));
    const updated = await ingestSources(store, await planSources([small]));
    expect(updated.outcome.inserted).toBe(2);
    expect(updated.optimizeMs).toBeUndefined();
    const caller = pubmedFile(
      "caller.xml",
      Array.from({ length: 20 }, (_, i) => article(500 + i, `Caller ${i}`)).join("\n"),
    );
    expect(
      (await ingestSources(store, await planSources([caller]), { optimize: false })).optimizeMs,
    ).toBeUndefined();
    await store.close();
  });

  it("skips a file whose bytes were already ingested whole, and re-reads it with force", async () => {
    const store = await freshStore();
    const path = pubmedFile("same.xml", article(10, "Once"));
    await ingestSources(store, await planSources([path]));
    const again = await ingestSources(store, await planSources([path]));
    expect(again.sources[0]?.status).toBe("skipped-unchanged");
    const forced = await ingestSources(store, await planSources([path]), { force: true });
    expect(forced.outcome).toEqual({ inserted: 0, updated: 0, unchanged: 1, deleted: 0 });
    await store.close();
  });

  it("keeps complete batches when a file turns out malformed, and resumes after them", async () => {
    const store = await freshStore();
    const good = [1, 2, 3, 4, 5].map((n) => article(100 + n, `Good ${n}`)).join("\n");
    const path = pubmedFile(
      "broken.xml",
      `${good}\n<PubmedArticle><MedlineCitation><PMID>106</PMID></Broken>`,
    );
    await expect(ingestSources(store, await planSources([path]), { batchSize: 2 })).rejects.toThrow(
      /broken\.xml:\d+:\d+/,
    );
    expect((await store.stats()).documents).toBe(4); // two complete batches of two; the fifth was in flight
    await expect(ingestSources(store, await planSources([path]), { batchSize: 2 })).rejects.toThrow(
      /Malformed XML/,
    );
    expect((await store.stats()).documents).toBe(4);
    await store.close();
  });

  it("resumes an interrupted file after its last complete batch", async () => {
    const store = await freshStore();
    const path = pubmedFile(
      "long.xml",
      Array.from({ length: 9 }, (_, n) => article(200 + n, `Item ${n}`)).join("\n"),
    );
    const controller = new AbortController();
    const interrupted = await ingestSources(store, await planSources([path]), {
      batchSize: 3,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.records >= 3) controller.abort();
      },
    });
    expect(interrupted.interrupted).toBe(true);
    expect((await store.stats()).documents).toBe(3);
    const resumed = await ingestSources(store, await planSources([path]), { batchSize: 3 });
    expect(resumed.sources[0]).toMatchObject({ status: "ingested", resumedAfter: 3, records: 9 });
    expect(resumed.outcome.inserted).toBe(6);
    expect((await store.stats()).documents).toBe(9);
    await store.close();
  });

  it.skipIf(!hasSharedData)(
    `ingests the sample PubMed XML folder to 609 documents, twice (${hasSharedData ? "shared data present" : SKIP_REASON})`,
    async () => {
      const store = await freshStore();
      const plans = await planSources([sharedData("pubmed-xml")]);
      expect(plans.map((plan) => plan.format)).toEqual(["pubmed-xml", "pubmed-xml", "pubmed-xml"]);
      await ingestSources(store, plans);
      expect((await store.stats()).documents).toBe(609);
      await ingestSources(store, plans);
      await ingestSources(store, plans, { force: true });
      expect((await store.stats()).documents).toBe(609);
      await store.close();
    },
  );
});

describe("planning sources", () => {
  it("recognises BEIR folders, file extensions, and an explicit format", async () => {
    const beir = join(folder, "My Data");
    rmSync(beir, { recursive: true, force: true });
    mkdtempSync(join(folder, "x"));
    const { mkdirSync } = await import("node:fs");
    mkdirSync(beir);
    writeFileSync(join(beir, "corpus.jsonl"), '{"_id":"1","title":"t","text":"x"}\n');
    expect(await planSources([beir])).toEqual([
      { path: join(beir, "corpus.jsonl"), format: "beir", source: "my-data" },
    ]);
    const notes = join(folder, "notes.txt");
    writeFileSync(notes, "hello");
    await expect(planSources([notes])).rejects.toThrow(/cannot tell the format.*--format/);
    expect(await planSources([notes], "jsonl")).toEqual([{ path: notes, format: "jsonl" }]);
    await expect(planSources([join(folder, "missing.xml")])).rejects.toThrow(/no such file or folder/);
  });
});
