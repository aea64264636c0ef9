import { describe, expect, it } from "vitest";
import type { EvidenceLevel } from "../evidence/index.ts";
import type { Reference } from "./answer.ts";
import { designCaveats } from "./answer-caveats.ts";

function reference(number: number, evidenceLevel: EvidenceLevel, inferred = false): Reference {
  return {
    number,
    id: `pubmed:${number}`,
    title: `Source ${number}`,
    evidenceLevel,
    ...(inferred ? { evidenceLevelInferred: true } : {}),
    links: {},
    citation: `Source ${number}.`,
  };
}

describe("caveats about the cited designs", () => {
  it("says nothing when a stated strong design is cited", () => {
    expect(designCaveats([reference(1, "randomized-trial"), reference(2, "unclassified")])).toEqual([]);
    expect(designCaveats([])).toEqual([]);
  });

  it("says when the strong designs cited were inferred from the abstract", () => {
    expect(
      designCaveats([
        reference(1, "observational"),
        reference(2, "randomized-trial", true),
        reference(3, "systematic-review", true),
      ]),
    ).toEqual([
      "Study designs inferred from the abstract, not from indexed publication types: reference 2 (randomized trial), reference 3 (systematic review / meta-analysis).",
    ]);
  });

  it("does not call sources of unknown design weak", () => {
    expect(designCaveats([reference(1, "unclassified"), reference(2, "unclassified")])).toEqual([
      "None of the cited sources states its study design, so the strength of the evidence is unknown.",
    ]);
    expect(designCaveats([reference(1, "unclassified")])).toEqual([
      "The cited source does not state its study design, so the strength of the evidence is unknown.",
    ]);
    expect(
      designCaveats([
        reference(1, "unclassified"),
        reference(2, "observational"),
        reference(3, "unclassified"),
      ]),
    ).toEqual([
      "No guideline, systematic review or randomized trial is among the cited sources as far as their designs are recorded: references 1 and 3 state none, and the other is observational or weaker.",
    ]);
  });

  it("calls known weak designs weak, counting the inferred ones", () => {
    expect(designCaveats([reference(1, "observational"), reference(2, "case-report")])).toEqual([
      "No guideline, systematic review or randomized trial is among the cited sources; the evidence is observational or weaker.",
    ]);
    expect(designCaveats([reference(1, "observational", true), reference(2, "narrative-review")])).toEqual([
      "No guideline, systematic review or randomized trial is among the cited sources; the evidence is observational or weaker (1 of 2 designs inferred from the abstract).",
    ]);
    expect(designCaveats([reference(1, "non-randomized-trial", true)])).toEqual([
      "No guideline, systematic review or randomized trial is among the cited sources; the evidence is non-randomized or weaker (its design inferred from the abstract).",
    ]);
    expect(designCaveats([reference(1, "case-report", true), reference(2, "opinion", true)])).toEqual([
      "No guideline, systematic review or randomized trial is among the cited sources; the evidence is weaker than observational (all designs inferred from the abstract).",
    ]);
  });
});
