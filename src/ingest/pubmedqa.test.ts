import { describe, expect, it } from "vitest";
import { hasSharedData, SKIP_REASON, sharedData } from "../../test/shared-data.ts";
import { collect, inChunks } from "../../test/text-chunks.ts";
import { readPubmedQa } from "./pubmedqa.ts";
import { readTextChunks } from "./source-file.ts";

const SAMPLE = {
  "21645374": {
    QUESTION: "Do mitochondria play a role in remodelling lace plant leaves during programmed cell death?",
    CONTEXTS: ["Programmed cell death is regulated.", "Leaves were stained."],
    LABELS: ["BACKGROUND", "MATERIALS AND METHODS"],
    MESHES: ["Mitochondria", "Plant Leaves"],
    YEAR: "2011",
    LONG_ANSWER: "Mitochondria play a role.",
    final_decision: "yes",
  },
};

describe("PubMedQA reader", () => {
  it("turns each record into a PubMed document: title, sectioned abstract, conclusion, MeSH, year", async () => {
    const [record] = await collect(readPubmedQa(inChunks(JSON.stringify(SAMPLE)), "ori_pqal.json"));
    expect(record).toEqual({
      kind: "document",
      document: expect.objectContaining({
        id: "pubmed:21645374",
        pmid: "21645374",
        source: "pubmed",
        title: SAMPLE["21645374"].QUESTION,
        publicationDate: { year: 2011 },
        abstract: [
          { label: "BACKGROUND", nlmCategory: "BACKGROUND", text: "Programmed cell death is regulated." },
          { label: "MATERIALS AND METHODS", nlmCategory: "METHODS", text: "Leaves were stained." },
          { label: "CONCLUSIONS", nlmCategory: "CONCLUSIONS", text: "Mitochondria play a role." },
        ],
        mesh: [
          { descriptor: "Mitochondria", majorTopic: false, qualifiers: [] },
          { descriptor: "Plant Leaves", majorTopic: false, qualifiers: [] },
        ],
      }),
    });
  });

  it("rejects JSON that is not PubMedQA", async () => {
    await expect(collect(readPubmedQa(inChunks("[1,2]"), "x.json"))).rejects.toThrow(
      /expected a PubMedQA object/,
    );
    await expect(collect(readPubmedQa(inChunks('{"abc": {"QUESTION": "q"}}'), "x.json"))).rejects.toThrow(
      /entry "abc"/,
    );
    await expect(collect(readPubmedQa(inChunks("{"), "x.json"))).rejects.toThrow(/x\.json: not valid JSON/);
  });

  it.skipIf(!hasSharedData)(
    `reads all 1,000 PubMedQA abstracts (${hasSharedData ? "shared data present" : SKIP_REASON})`,
    async () => {
      const path = sharedData("pubmedqa/ori_pqal.json");
      const records = await collect(readPubmedQa(readTextChunks(path, { bytesRead: 0 }), path));
      expect(records).toHaveLength(1000);
    },
  );
});
