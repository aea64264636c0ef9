import { describe, expect, it } from "vitest";
import { collect, inChunks } from "../../test/text-chunks.ts";
import { readBeirCorpus } from "./beir-corpus.ts";

describe("BEIR corpus reader", () => {
  it("turns each line into a document under the data set's name", async () => {
    const corpus =
      '{"_id": "4983", "title": "White matter", "text": "Diffusion MRI.", "metadata": {}}\n\n{"_id": 7, "text": "No title."}\r\n';
    const records = await collect(readBeirCorpus(inChunks(corpus, 9), "corpus.jsonl", "scifact"));
    expect(records).toEqual([
      {
        kind: "document",
        document: expect.objectContaining({
          id: "scifact:4983",
          source: "scifact",
          title: "White matter",
          abstract: [{ text: "Diffusion MRI." }],
        }),
      },
      {
        kind: "document",
        document: expect.objectContaining({ id: "scifact:7", title: "", evidenceLevel: "unclassified" }),
      },
    ]);
  });

  it("names the line of a broken record", async () => {
    const corpus = '{"_id": "1", "title": "ok", "text": "fine"}\n{"_id": "2", "title": \n';
    await expect(collect(readBeirCorpus(inChunks(corpus), "corpus.jsonl", "x"))).rejects.toThrow(
      /corpus\.jsonl line 2: not valid JSON/,
    );
    await expect(
      collect(readBeirCorpus(inChunks('{"title": "no id"}\n'), "corpus.jsonl", "x")),
    ).rejects.toThrow(/line 1: not a BEIR corpus line/);
  });
});
