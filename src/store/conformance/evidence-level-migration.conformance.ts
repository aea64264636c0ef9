import { afterEach, describe, expect, it } from "vitest";
import { type EvidenceDocument, toEvidenceDocument } from "../../evidence/index.ts";
import type { CorpusStore } from "../corpus-store.ts";
import { toStoredDocument } from "../stored-document.ts";
import { sampleDocument } from "./corpus-store.conformance.ts";

/** A trial whose record states no publication type: SciFact's text for it (corpus id 24097933, shortened). */
const TRIAL = toEvidenceDocument(
  sampleDocument({
    id: "scifact:24097933",
    source: "scifact",
    title: "Failure of continuous venovenous hemofiltration to prevent death in paraquat poisoning.",
    abstract: [
      {
        text: "All patients were treated with hemoperfusion within 24 hours of ingestion and then randomly assigned to the HP-alone or HP-CVVH group. Mortality did not differ between the groups.",
      },
    ],
  }),
);

/** A laboratory study: no design its words state. */
const BENCH = toEvidenceDocument(
  sampleDocument({
    id: "scifact:4381486",
    source: "scifact",
    title: "Haematopoietic stem cells do not asymmetrically segregate chromosomes",
    abstract: [{ text: "All haematopoietic stem cells segregate their chromosomes randomly." }],
  }),
);

/** A stated trial: its level stands. */
const STATED = toEvidenceDocument(
  sampleDocument({
    id: "pubmed:1002",
    source: "pubmed",
    title: "Budesonide-formoterol as needed in mild asthma",
    publicationTypes: ["Randomized Controlled Trial"],
  }),
);

/** The document as an earlier Galen stored it: unclassified, with no mark of inference. */
function asStoredBefore(document: EvidenceDocument): EvidenceDocument {
  const { evidenceLevelInferred: _inferred, ...earlier } = {
    ...document,
    evidenceLevel: "unclassified" as const,
  };
  return earlier;
}

/**
 * What both engines' migration does to documents stored before Galen read evidence levels from text. Each adapter's
 * test file calls this with a factory for an empty store and a way to run that migration again on a store (close it,
 * forget that the migration ran, open it again).
 */
export function describeEvidenceLevelMigrationConformance(
  engine: string,
  openEmpty: () => Promise<CorpusStore>,
  rerunMigration: (store: CorpusStore) => Promise<CorpusStore>,
): void {
  describe(`Evidence levels read from stored documents' text: ${engine}`, () => {
    let store: CorpusStore | undefined;
    afterEach(async () => {
      await store?.close();
    });

    it("gives stored unclassified documents the level their text states, as ingest now does", async () => {
      expect(TRIAL).toMatchObject({ evidenceLevel: "randomized-trial", evidenceLevelInferred: true });
      store = await openEmpty();
      await store.writeBatch({
        upserts: [asStoredBefore(TRIAL), BENCH, STATED].map(toStoredDocument),
        deletions: [],
      });
      expect((await store.getDocument(TRIAL.id))?.evidenceLevel).toBe("unclassified");
      const before = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));

      store = await rerunMigration(store);

      expect(await store.getDocument(TRIAL.id)).toEqual(TRIAL);
      expect(await store.getDocument(BENCH.id)).toEqual(BENCH);
      expect(await store.getDocument(STATED.id)).toEqual(STATED);
      const hits = await store.searchLexical({ terms: ["hemofiltration"] }, { limit: 5 });
      expect(hits.map((hit) => [hit.id, hit.evidenceLevel])).toEqual([[TRIAL.id, "randomized-trial"]]);
      expect((await store.stats()).byEvidenceLevel).toEqual({ "randomized-trial": 2, unclassified: 1 });
      // Same record, same hash: ingesting the source again writes nothing, and living evidence sees no change.
      expect(
        await store.writeBatch({ upserts: [TRIAL, BENCH, STATED].map(toStoredDocument), deletions: [] }),
      ).toEqual({ inserted: 0, updated: 0, unchanged: 3, deleted: 0 });
      expect(await store.documentsChangedSince([TRIAL.id, BENCH.id], before)).toEqual([]);
    });
  });
}
