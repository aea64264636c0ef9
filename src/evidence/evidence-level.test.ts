import { describe, expect, it } from "vitest";
import { evidenceLevelFrom, isRetractedPublication } from "./evidence-level.ts";

describe("evidence level", () => {
  it.each([
    [["Journal Article", "Practice Guideline"], "guideline"],
    [["Journal Article", "Meta-Analysis", "Randomized Controlled Trial"], "systematic-review"],
    [["Systematic Review"], "systematic-review"],
    [["Randomized Controlled Trial", "Multicenter Study"], "randomized-trial"],
    [["Clinical Trial, Phase II"], "non-randomized-trial"],
    [["Observational Study"], "observational"],
    [["Case Reports"], "case-report"],
    [["Journal Article", "Review"], "narrative-review"],
    [["Editorial"], "opinion"],
    [["Letter", "Comment"], "opinion"],
    [["Journal Article"], "unclassified"],
    [[], "unclassified"],
  ])("%j → %s", (types, level) => {
    expect(evidenceLevelFrom(types, [])).toBe(level);
  });

  it("uses MeSH study-design headings when publication types are silent", () => {
    expect(evidenceLevelFrom(["Journal Article"], ["Humans", "Retrospective Studies"])).toBe("observational");
    expect(evidenceLevelFrom(["Journal Article"], ["Double-Blind Method"])).toBe("randomized-trial");
  });

  it("does not take '… as Topic' headings as the article's own design", () => {
    expect(evidenceLevelFrom(["Journal Article"], ["Randomized Controlled Trials as Topic"])).toBe(
      "unclassified",
    );
  });

  it("prefers the publication type over a MeSH design heading", () => {
    expect(evidenceLevelFrom(["Case Reports"], ["Retrospective Studies"])).toBe("case-report");
  });

  it("marks the retracted article, not the retraction notice", () => {
    expect(isRetractedPublication(["Journal Article", "Retracted Publication"])).toBe(true);
    expect(isRetractedPublication(["Retraction of Publication"])).toBe(false);
  });
});
