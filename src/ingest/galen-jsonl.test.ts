import { describe, expect, it } from "vitest";
import { collect, inChunks } from "../../test/text-chunks.ts";
import { readGalenJsonl } from "./galen-jsonl.ts";

describe("Galen JSONL reader", () => {
  it("reads one evidence document a line and derives the evidence level", async () => {
    const line = JSON.stringify({
      id: "guideline:nice-ng59",
      source: "guideline",
      title: "Low back pain and sciatica in over 16s",
      abstract: [{ label: "RECOMMENDATIONS", text: "Do not offer opioids for chronic sciatica." }],
      publicationTypes: ["Practice Guideline"],
    });
    const [record] = await collect(readGalenJsonl(inChunks(`${line}\n`), "docs.jsonl"));
    expect(record).toEqual({
      kind: "document",
      document: expect.objectContaining({
        id: "guideline:nice-ng59",
        evidenceLevel: "guideline",
        retracted: false,
      }),
    });
  });

  it("keeps an evidence level the line states", async () => {
    const line = JSON.stringify({
      id: "local:1",
      source: "local",
      title: "Ward protocol",
      evidenceLevel: "opinion",
    });
    const [record] = await collect(readGalenJsonl(inChunks(line), "docs.jsonl"));
    expect(record?.kind === "document" && record.document.evidenceLevel).toBe("opinion");
  });

  it("marks a level inferred only when the line does not state it, or states it as inferred", async () => {
    const trial = {
      id: "local:2",
      source: "local",
      title: "Early versus delayed surgery: a randomised controlled trial",
    };
    const lines = [
      trial,
      { ...trial, id: "local:3", evidenceLevel: "observational" },
      { ...trial, id: "local:4", evidenceLevel: "randomized-trial", evidenceLevelInferred: true },
    ].map((line) => JSON.stringify(line));
    const documents = (await collect(readGalenJsonl(inChunks(lines.join("\n")), "docs.jsonl"))).map(
      (record) => record.kind === "document" && record.document,
    );
    expect(
      documents.map((document) => document && [document.evidenceLevel, document.evidenceLevelInferred]),
    ).toEqual([
      ["randomized-trial", true],
      ["observational", undefined],
      ["randomized-trial", true],
    ]);
  });

  it("says which line and field are wrong", async () => {
    const bad = `${JSON.stringify({ id: "local:1", source: "local", title: "fine" })}\n${JSON.stringify({ id: "no prefix", source: "x", title: "t" })}\n`;
    await expect(collect(readGalenJsonl(inChunks(bad), "docs.jsonl"))).rejects.toThrow(
      /docs\.jsonl line 2: .*id must look like <source>:<id>/,
    );
    await expect(collect(readGalenJsonl(inChunks("not json\n"), "docs.jsonl"))).rejects.toThrow(
      /line 1: not valid JSON/,
    );
  });
});
