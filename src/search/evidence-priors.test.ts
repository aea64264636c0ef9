import { describe, expect, it } from "vitest";
import type { LexicalHit } from "../store/corpus-store.ts";
import { applyEvidencePriors, NO_PRIORS } from "./evidence-priors.ts";

const hit = (id: string, score: number, extra: Partial<LexicalHit> = {}): LexicalHit => ({
  id,
  title: id,
  evidenceLevel: "unclassified",
  retracted: false,
  score,
  ...extra,
});

const settings = { evidenceWeight: 0.1, recencyWeight: 0.05, recencyHalfLifeYears: 10 };

describe("evidence and recency priors", () => {
  it("puts a trial above a case report of comparable relevance", () => {
    const hits = [
      hit("case", 10, { evidenceLevel: "case-report" }),
      hit("trial", 9.8, { evidenceLevel: "randomized-trial" }),
    ];
    expect(applyEvidencePriors(hits, "treatment", settings).map((h) => h.id)).toEqual(["trial", "case"]);
  });

  it("never lifts a much weaker match over a clearly better one", () => {
    const hits = [
      hit("relevant", 10, { evidenceLevel: "case-report" }),
      hit("guideline", 7, { evidenceLevel: "guideline" }),
    ];
    expect(applyEvidencePriors(hits, "treatment", settings).map((h) => h.id)).toEqual([
      "relevant",
      "guideline",
    ]);
  });

  it("prefers newer work when relevance and design are comparable", () => {
    const hits = [hit("old", 10, { year: 1990 }), hit("new", 9.9, { year: 2025 })];
    expect(applyEvidencePriors(hits, "prognosis", settings, 2026).map((h) => h.id)).toEqual(["new", "old"]);
  });

  it("leaves requests for a definition and disabled priors alone", () => {
    const hits = [
      hit("case", 10, { evidenceLevel: "case-report" }),
      hit("trial", 9.8, { evidenceLevel: "randomized-trial" }),
    ];
    expect(applyEvidencePriors(hits, "definition", settings).map((h) => h.id)).toEqual(["case", "trial"]);
    expect(applyEvidencePriors(hits, "treatment", NO_PRIORS).map((h) => h.id)).toEqual(["case", "trial"]);
  });
});
