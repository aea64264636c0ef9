import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EvidenceDocumentInput, toEvidenceDocument } from "../../evidence/index.ts";
import type { CorpusStore, LexicalHit } from "../corpus-store.ts";
import { toStoredDocument } from "../stored-document.ts";

/** A small, hand-written corpus: enough to check ranking, retraction, updates and deletion on any engine. */
export function sampleDocument(
  overrides: Partial<EvidenceDocumentInput> & { id: string },
): EvidenceDocumentInput {
  return { source: "test", title: "", abstract: [], ...overrides };
}

const SPONDYLOLYSIS = toEvidenceDocument(
  sampleDocument({
    id: "pubmed:1001",
    source: "pubmed",
    pmid: "1001",
    title: "Conservative treatment of spondylolysis in young athletes",
    abstract: [
      {
        label: "BACKGROUND",
        nlmCategory: "BACKGROUND",
        text: "Spondylolysis is a stress fracture of the pars interarticularis.",
      },
      {
        label: "CONCLUSIONS",
        nlmCategory: "CONCLUSIONS",
        text: "Bracing and rest led to healing in most adolescents.",
      },
    ],
    journal: "Spine",
    publicationDate: { year: 2019, month: 4 },
    publicationTypes: ["Journal Article", "Systematic Review"],
    mesh: [
      { descriptor: "Spondylolysis", majorTopic: true, qualifiers: [{ name: "therapy", majorTopic: false }] },
    ],
  }),
);

const ASTHMA = toEvidenceDocument(
  sampleDocument({
    id: "pubmed:1002",
    source: "pubmed",
    title: "Budesonide-formoterol as needed in mild asthma",
    abstract: [
      { text: "As-needed budesonide-formoterol reduced severe exacerbations compared with terbutaline." },
    ],
    publicationDate: { year: 2018 },
    publicationTypes: ["Randomized Controlled Trial"],
  }),
);

const RETRACTED = toEvidenceDocument(
  sampleDocument({
    id: "pubmed:1003",
    source: "pubmed",
    title: "Spondylolysis cured by a miracle diet",
    abstract: [{ text: "A diet healed spondylolysis in every patient." }],
    publicationTypes: ["Journal Article", "Retracted Publication"],
  }),
);

/**
 * The behaviour every CorpusStore adapter must show. Each adapter's test file calls this with a factory that
 * opens an empty store.
 */
export function describeCorpusStoreConformance(engine: string, openEmpty: () => Promise<CorpusStore>): void {
  describe(`CorpusStore conformance: ${engine}`, () => {
    let store: CorpusStore;
    beforeEach(async () => {
      store = await openEmpty();
    });
    afterEach(async () => {
      await store.close();
    });

    const load = (...documents: ReturnType<typeof toEvidenceDocument>[]) =>
      store.writeBatch({ upserts: documents.map(toStoredDocument), deletions: [] });

    it("stores documents and returns them whole", async () => {
      expect(await load(SPONDYLOLYSIS, ASTHMA)).toEqual({
        inserted: 2,
        updated: 0,
        unchanged: 0,
        deleted: 0,
      });
      expect(await store.getDocument("pubmed:1001")).toEqual(SPONDYLOLYSIS);
      expect(await store.getDocument("pubmed:404")).toBeUndefined();
    });

    it("treats re-writing the same record as a no-op and a changed record as an update", async () => {
      await load(SPONDYLOLYSIS);
      expect(await load(SPONDYLOLYSIS)).toEqual({ inserted: 0, updated: 0, unchanged: 1, deleted: 0 });
      const revised = { ...SPONDYLOLYSIS, title: "Treatment of lumbar spondylolysis: a systematic review" };
      expect(await load(revised)).toEqual({ inserted: 0, updated: 1, unchanged: 0, deleted: 0 });
      expect((await store.getDocument(revised.id))?.title).toBe(revised.title);
      const hits = await store.searchLexical({ terms: ["lumbar"] }, { limit: 5 });
      expect(hits.map((hit) => hit.id)).toEqual([revised.id]);
      expect(await store.searchLexical({ terms: ["athletes"] }, { limit: 5 })).toEqual([]);
      expect((await store.stats()).documents).toBe(1);
    });

    it("tells which documents arrived or changed after a time, for living evidence", async () => {
      await load(SPONDYLOLYSIS);
      const between = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await load(ASTHMA, { ...SPONDYLOLYSIS, retracted: true });
      await load(ASTHMA);
      expect(
        (await store.documentsChangedSince(["pubmed:1001", ASTHMA.id, "pubmed:404"], between)).sort(),
      ).toEqual(["pubmed:1001", ASTHMA.id].sort());
      expect(await store.documentsChangedSince([ASTHMA.id], new Date().toISOString())).toEqual([]);
      expect(await store.documentsChangedSince([], between)).toEqual([]);
    });

    it("deletes documents and their index entries", async () => {
      await load(SPONDYLOLYSIS, ASTHMA);
      const outcome = await store.writeBatch({ upserts: [], deletions: ["pubmed:1001", "pubmed:999"] });
      expect(outcome.deleted).toBe(1);
      expect(await store.getDocument("pubmed:1001")).toBeUndefined();
      expect(await store.searchLexical({ terms: ["spondylolysis"] }, { limit: 5 })).toEqual([]);
    });

    it("ranks by relevance, higher scores first, and reports the document's facts", async () => {
      await load(SPONDYLOLYSIS, ASTHMA);
      const hits = await store.searchLexical({ terms: ["spondylolysis", "bracing"] }, { limit: 10 });
      expect(hits).toHaveLength(1);
      expect(hits[0]).toMatchObject({
        id: "pubmed:1001",
        year: 2019,
        journal: "Spine",
        evidenceLevel: "systematic-review",
        retracted: false,
      });
      const both = await store.searchLexical(
        { terms: ["asthma", "spondylolysis", "pars", "interarticularis"] },
        { limit: 10 },
      );
      expect(both.map((hit) => hit.id)).toEqual(["pubmed:1001", "pubmed:1002"]);
      expect(both[0]?.score ?? 0).toBeGreaterThan(both[1]?.score ?? 0);
    });

    it("finds and scores the same after optimizing the search index as before", async () => {
      // Written in batches (each one a segment of SQLite's index), then changed, so that there is something to merge.
      for (let batch = 0; batch < 6; batch++) {
        await load(
          ...Array.from({ length: 20 }, (_, i) =>
            toEvidenceDocument(
              sampleDocument({
                id: `test:b${batch}-${i}`,
                title: `Fracture care note ${i % 3 === 0 ? "spondylolysis" : "asthma"} ${batch}`,
                abstract: [
                  { text: `Pars interarticularis ${i % 2 === 0 ? "bracing" : "rest"} in batch ${batch}.` },
                ],
              }),
            ),
          ),
        );
      }
      await load(SPONDYLOLYSIS, ASTHMA);
      await store.writeBatch({ upserts: [], deletions: ["test:b0-0", "test:b5-3"] });
      const query = {
        terms: ["spondylolysis", "bracing"],
        expansions: [{ terms: ["pars interarticularis"], weight: 0.5 }],
      };
      const search = async () => {
        const hits = await store.searchLexical(query, { limit: 15 });
        const snippets = await store.snippets(
          query,
          hits.map((hit) => hit.id),
        );
        return { hits, snippets: [...snippets].sort(([a], [b]) => a.localeCompare(b)) };
      };
      const before = await search();
      expect(before.hits.length).toBe(15);
      await store.optimizeSearchIndex();
      const after = await search();
      expect(after.hits.map((hit) => hit.id)).toEqual(before.hits.map((hit) => hit.id));
      for (const [index, hit] of after.hits.entries()) {
        expect(hit.score).toBeCloseTo(before.hits[index]?.score ?? 0, 9);
      }
      expect(after.snippets).toEqual(before.snippets);
      await store.optimizeSearchIndex();
      expect((await search()).hits.map((hit) => hit.id)).toEqual(before.hits.map((hit) => hit.id));
      // Reading the index into memory, where a store keeps one, changes no hit, score or snippet either.
      const warmed = await store.warmSearchIndex();
      if (warmed !== undefined) expect(warmed.words).toBeGreaterThan(0);
      const inMemory = await search();
      expect(inMemory.hits.map((hit) => hit.id)).toEqual(before.hits.map((hit) => hit.id));
      for (const [index, hit] of inMemory.hits.entries()) {
        expect(hit.score).toBeCloseTo(before.hits[index]?.score ?? 0, 9);
      }
      expect(inMemory.snippets).toEqual(before.snippets);
    });

    it("scores a candidate by every clause it matches, even one where it is not among the best", async () => {
      // Every document is 50 words long, so that one word more or less barely moves a score.
      const words = (count: number) => Array.from({ length: count }, () => "common").join(" ");
      const filler = (id: string, title: string) =>
        toEvidenceDocument(
          sampleDocument({ id, title, abstract: [{ text: words(50 - title.split(" ").length) }] }),
        );
      // 250 documents hold "alpha" in the title twice, so the target (alpha once, in its abstract) ranks last of
      // 251 in that clause; 300 others keep alpha's IDF above zero.
      const strong = Array.from({ length: 250 }, (_, i) => filler(`test:a${i}`, `alpha alpha report ${i}`));
      const others = Array.from({ length: 300 }, (_, i) => filler(`test:g${i}`, `gamma note ${i}`));
      const target = toEvidenceDocument(
        sampleDocument({ id: "test:target", title: "beta", abstract: [{ text: `${words(48)} alpha` }] }),
      );
      // The rival matches beta alone and is one word shorter: without its alpha share, the target comes second.
      const rival = toEvidenceDocument(
        sampleDocument({ id: "test:rival", title: "beta", abstract: [{ text: words(48) }] }),
      );
      await load(...strong, ...others, target, rival);
      const hits = await store.searchLexical(
        { terms: ["alpha"], expansions: [{ terms: ["beta"], weight: 1 }] },
        { limit: 10 },
      );
      expect(hits.slice(0, 2).map((hit) => hit.id)).toEqual(["test:target", "test:rival"]);
    });

    it("scores a stand-in only in documents without the words it stands in for", async () => {
      const document = (id: string, text: string) =>
        toEvidenceDocument(sampleDocument({ id, title: `Report ${id}`, abstract: [{ text }] }));
      const both = document("test:both", "A heart attack, or myocardial infarction, in young women.");
      const clinical = document("test:clinical", "A myocardial infarction in young women, often missed.");
      const lay = document("test:lay", "A heart attack in young women, often missed.");
      const fillers = Array.from({ length: 8 }, (_, i) => document(`test:f${i}`, `Unrelated finding ${i}.`));
      await load(both, clinical, lay, ...fillers);
      const typed = { terms: ["heart", "attack"] };
      const expansion = { terms: ["myocardial infarction"], weight: 1 };
      const standIn = { term: "myocardial infarction", insteadOf: ["heart attack"] };
      const score = (hits: LexicalHit[], id: string) => hits.find((hit) => hit.id === id)?.score;
      const alone = await store.searchLexical(typed, { limit: 10 });
      const standing = await store.searchLexical(
        { ...typed, expansions: [{ ...expansion, standIns: [standIn] }] },
        { limit: 10 },
      );
      const everywhere = await store.searchLexical({ ...typed, expansions: [expansion] }, { limit: 10 });
      // Named both ways: scored once, by the words typed.
      expect(score(standing, "test:both")).toBeCloseTo(score(alone, "test:both") ?? Number.NaN, 6);
      expect(score(everywhere, "test:both") ?? 0).toBeGreaterThan(score(standing, "test:both") ?? 0);
      // Named only the clinical way: found through the stand-in, as it would be without one.
      expect(score(standing, "test:clinical")).toBeCloseTo(
        score(everywhere, "test:clinical") ?? Number.NaN,
        6,
      );
      expect(standing.map((hit) => hit.id).sort()).toEqual(["test:both", "test:clinical", "test:lay"]);
    });

    it("matches MeSH headings as a field", async () => {
      await load(SPONDYLOLYSIS, ASTHMA);
      const hits = await store.searchLexical({ terms: ["therapy"] }, { limit: 10 });
      expect(hits).toEqual([]); // qualifiers are not indexed; descriptors are
      const byDescriptor = await store.searchLexical({ terms: ["spondylolysis"] }, { limit: 10 });
      expect(byDescriptor.map((hit) => hit.id)).toContain("pubmed:1001");
    });

    it("stores one model's vectors and finds the nearest documents", async () => {
      await load(SPONDYLOLYSIS, ASTHMA, RETRACTED);
      expect(await store.embeddingModel()).toBeUndefined();
      expect((await store.documentsToEmbed(10)).map((item) => item.id).sort()).toEqual([
        "pubmed:1001",
        "pubmed:1002",
        "pubmed:1003",
      ]);
      await store.saveEmbeddings("test-model", [
        { id: "pubmed:1001", vector: [1, 0, 0] },
        { id: "pubmed:1002", vector: [0, 1, 0] },
        { id: "pubmed:1003", vector: [0.9, 0.1, 0] },
      ]);
      expect(await store.embeddingModel()).toBe("test-model");
      expect(await store.documentsToEmbed(10)).toEqual([]);
      const nearest = await store.nearestDocuments([1, 0.05, 0], { limit: 2 });
      expect(nearest.map((hit) => hit.id)).toEqual(["pubmed:1001", "pubmed:1002"]); // the retracted one is hidden
      expect(nearest[0]?.score ?? 0).toBeGreaterThan(0.99);
      await expect(
        store.saveEmbeddings("other-model", [{ id: "pubmed:1001", vector: [1, 0, 0] }]),
      ).rejects.toThrow(/holds vectors from test-model/);
      await expect(store.nearestDocuments([1, 0], { limit: 2 })).rejects.toThrow(/vectors of 2 numbers/);
      const revised = { ...ASTHMA, title: "Budesonide-formoterol in mild asthma, revised" };
      await load(revised);
      expect((await store.documentsToEmbed(10)).map((item) => item.id)).toEqual(["pubmed:1002"]);
    });

    it("lists the MeSH descriptors seen in the corpus", async () => {
      await load(SPONDYLOLYSIS, ASTHMA);
      expect(await store.meshDescriptors()).toEqual(["Spondylolysis"]);
    });

    it("boosts a MeSH clause and restricts it to the MeSH field", async () => {
      await load(SPONDYLOLYSIS, RETRACTED);
      const hits = await store.searchLexical(
        { terms: [], expansions: [{ terms: ["spondylolysis"], weight: 1, field: "mesh" }] },
        { limit: 10, includeRetracted: true },
      );
      expect(hits.map((hit) => hit.id)).toEqual(["pubmed:1001"]);
    });

    it("hides retracted publications unless asked for them", async () => {
      await load(SPONDYLOLYSIS, RETRACTED);
      const visible = await store.searchLexical({ terms: ["spondylolysis"] }, { limit: 10 });
      expect(visible.map((hit) => hit.id)).toEqual(["pubmed:1001"]);
      const all = await store.searchLexical(
        { terms: ["spondylolysis"] },
        { limit: 10, includeRetracted: true },
      );
      expect(all.map((hit) => hit.id).sort()).toEqual(["pubmed:1001", "pubmed:1003"]);
      expect(all.find((hit) => hit.id === "pubmed:1003")?.retracted).toBe(true);
    });

    it("searches query syntax as plain words", async () => {
      await load(SPONDYLOLYSIS, ASTHMA);
      for (const term of [
        "NEAR(spondylolysis",
        '"',
        "-asthma",
        "asthma*",
        "title:asthma",
        "(",
        "AND",
        "a OR b",
        "'; DROP TABLE documents; --",
      ]) {
        await expect(store.searchLexical({ terms: [term] }, { limit: 5 })).resolves.toBeInstanceOf(Array);
      }
      expect(
        (await store.searchLexical({ terms: ["title:asthma"] }, { limit: 5 })).map((hit) => hit.id),
      ).toEqual([]);
      expect((await store.stats()).documents).toBe(2);
    });

    it("returns nothing for an empty query or a zero limit", async () => {
      await load(ASTHMA);
      expect(await store.searchLexical({ terms: [] }, { limit: 5 })).toEqual([]);
      expect(await store.searchLexical({ terms: ["!!!"] }, { limit: 5 })).toEqual([]);
      expect(await store.searchLexical({ terms: ["asthma"] }, { limit: 0 })).toEqual([]);
    });

    it("marks the matched words in snippets", async () => {
      await load(SPONDYLOLYSIS, ASTHMA);
      const snippets = await store.snippets({ terms: ["bracing", "healing"] }, [
        "pubmed:1001",
        "pubmed:1002",
      ]);
      const snippet = snippets.get("pubmed:1001");
      expect(snippet).toBeDefined();
      const marked = snippet?.highlights.map(([start, end]) => snippet.text.slice(start, end).toLowerCase());
      expect(marked).toEqual(["bracing", "healing"]);
      expect(snippets.has("pubmed:1002")).toBe(false);
    });

    it("saves a source checkpoint with the batch", async () => {
      const checkpoint = {
        checksum: "abc",
        path: "a.xml",
        format: "pubmed-xml",
        recordsDone: 2,
        complete: false,
      };
      await store.writeBatch({ upserts: [toStoredDocument(ASTHMA)], deletions: [], checkpoint });
      expect(await store.sourceCheckpoint("abc")).toEqual(checkpoint);
      await store.writeBatch({
        upserts: [],
        deletions: [],
        checkpoint: { ...checkpoint, recordsDone: 3, complete: true },
      });
      expect(await store.sourceCheckpoint("abc")).toMatchObject({ recordsDone: 3, complete: true });
      expect(await store.sourceCheckpoint("missing")).toBeUndefined();
    });

    it("counts the documents holding a word or a phrase, up to a cap", async () => {
      await load(SPONDYLOLYSIS, ASTHMA, RETRACTED);
      const counts = await store.documentFrequencies(
        ["spondylolysis", "Asthma", "mild asthma", "asthma mild", "pharyngitis", "the"],
        10,
      );
      expect(Object.fromEntries(counts)).toEqual({
        spondylolysis: 2,
        Asthma: 1,
        "mild asthma": 1,
        "asthma mild": 0,
        pharyngitis: 0,
        the: expect.any(Number),
      });
      expect((await store.documentFrequencies(["spondylolysis"], 1)).get("spondylolysis")).toBe(1);
    });

    it("counts documents by source and evidence level", async () => {
      await load(SPONDYLOLYSIS, ASTHMA, RETRACTED);
      const stats = await store.stats();
      expect(stats).toMatchObject({
        documents: 3,
        retracted: 1,
        bySource: { pubmed: 3 },
        byEvidenceLevel: { "systematic-review": 1, "randomized-trial": 1, unclassified: 1 },
        newestPublication: "2019-04",
        oldestPublication: "2018",
      });
      expect(stats.sizeBytes).toBeGreaterThanOrEqual(0);
      expect(await store.documentCount()).toBe(3);
    });
  });
}
