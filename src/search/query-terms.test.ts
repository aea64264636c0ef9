import { describe, expect, it } from "vitest";
import { MAX_QUERY_CHARACTERS, queryTerms } from "./query-terms.ts";

describe("query terms", () => {
  it("keeps medical tokens whole and drops function words", () => {
    expect(queryTerms("What is the role of IL-6 in COVID-19?").terms).toEqual(["role", "il-6", "covid-19"]);
    expect(queryTerms("Crohn's disease and 5-FU").terms).toEqual(["crohn's", "disease", "5-fu"]);
  });

  it("keeps negations, which change clinical meaning", () => {
    expect(queryTerms("patients without diabetes not treated").terms).toEqual([
      "patients",
      "without",
      "diabetes",
      "not",
      "treated",
    ]);
  });

  it("reads query syntax as words", () => {
    expect(queryTerms('NEAR("asthma" -steroid*) title:copd').terms).toEqual([
      "near",
      "asthma",
      "steroid",
      "title",
      "copd",
    ]);
  });

  it("returns no terms for empty, stop-word-only, emoji or control-character input", () => {
    for (const text of ["", "   ", "the of and what is", "😀🔥", "\u0000\u0007\u001b\u009b", "!!!???"]) {
      expect(queryTerms(text).terms).toEqual([]);
    }
  });

  it("handles mixed scripts and removes duplicates", () => {
    expect(queryTerms("Диабет diabetes 糖尿病 diabetes").terms).toEqual(["диабет", "diabetes", "糖尿病"]);
  });

  it("bounds very long input", () => {
    const long = "asthma ".repeat(5000);
    expect(queryTerms(long).terms).toEqual(["asthma"]);
    const distinct = Array.from({ length: 3000 }, (_, index) => `term${index}`).join(" ");
    expect(queryTerms(distinct).terms.join(" ").length).toBeLessThanOrEqual(MAX_QUERY_CHARACTERS);
  });
});
