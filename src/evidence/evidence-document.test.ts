import { describe, expect, it } from "vitest";
import {
  completeEvidenceDocument,
  EvidenceDocument,
  toEvidenceDocument,
  withLevelFromText,
} from "./evidence-document.ts";

const TRIAL_TEXT = {
  id: "scifact:7111021",
  source: "scifact",
  title: "Integration of antiretroviral therapy with tuberculosis treatment.",
  abstract: [
    {
      text: "BACKGROUND We previously reported that integrating ART with tuberculosis treatment reduces mortality. METHODS We conducted a three-group, open-label, randomized, controlled trial in South Africa involving 642 ambulatory patients.",
    },
  ],
};

describe("evidence document's derived level", () => {
  it("infers the level from the text when publication types and MeSH state none, and says so", () => {
    expect(toEvidenceDocument(TRIAL_TEXT)).toMatchObject({
      evidenceLevel: "randomized-trial",
      evidenceLevelInferred: true,
    });
  });

  it("keeps a stated level without the mark", () => {
    const stated = toEvidenceDocument({ ...TRIAL_TEXT, publicationTypes: ["Journal Article", "Review"] });
    expect(stated.evidenceLevel).toBe("narrative-review");
    expect(stated).not.toHaveProperty("evidenceLevelInferred");
    expect(toEvidenceDocument({ ...TRIAL_TEXT, title: "Cells", abstract: [] })).not.toHaveProperty(
      "evidenceLevelInferred",
    );
  });

  it("ignores a mark a reader supplies", () => {
    const input = { ...TRIAL_TEXT, abstract: [], title: "Cells", evidenceLevelInferred: true };
    expect(toEvidenceDocument(input)).not.toHaveProperty("evidenceLevelInferred");
  });

  it("serialises a parsed and an unparsed document alike, the mark last", () => {
    const parsed = toEvidenceDocument(TRIAL_TEXT);
    const { evidenceLevel: _level, retracted: _retracted, evidenceLevelInferred: _mark, ...fields } = parsed;
    const completed = completeEvidenceDocument(fields);
    expect(JSON.stringify(completed)).toBe(JSON.stringify(parsed));
    expect(Object.keys(parsed).at(-1)).toBe("evidenceLevelInferred");
  });

  it("reads records stored without the mark", () => {
    const { evidenceLevelInferred: _mark, ...stored } = {
      ...toEvidenceDocument(TRIAL_TEXT),
      evidenceLevel: "unclassified" as const,
    };
    const old = EvidenceDocument.parse(JSON.parse(JSON.stringify(stored)));
    expect(old.evidenceLevelInferred).toBeUndefined();
    expect(withLevelFromText(old)).toEqual(toEvidenceDocument(TRIAL_TEXT));
    expect(withLevelFromText(toEvidenceDocument(TRIAL_TEXT))).toBeUndefined();
    expect(withLevelFromText({ ...old, title: "Cells", abstract: [] })).toBeUndefined();
  });
});
