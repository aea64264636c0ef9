import { describe, expect, it } from "vitest";
import { nlmCategoryForLabel } from "./abstract-label.ts";

describe("NLM category for an abstract label", () => {
  it.each([
    ["BACKGROUND", "BACKGROUND"],
    ["PURPOSE", "OBJECTIVE"],
    ["AIMS", "OBJECTIVE"],
    ["PATIENTS AND METHODS", "METHODS"],
    ["STUDY DESIGN", "METHODS"],
    ["MAIN OUTCOME MEASURES", "METHODS"],
    ["FINDINGS", "RESULTS"],
    ["CONCLUSIONS AND RELEVANCE", "CONCLUSIONS"],
    ["BACKGROUND AND PURPOSE", "BACKGROUND"],
    ["METHODS AND RESULTS", "METHODS"],
  ])("%s → %s", (label, category) => {
    expect(nlmCategoryForLabel(label)).toBe(category);
  });

  it("leaves unknown or missing labels alone", () => {
    expect(nlmCategoryForLabel("FUNDING")).toBeUndefined();
    expect(nlmCategoryForLabel(undefined)).toBeUndefined();
  });
});
