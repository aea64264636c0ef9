import { describe, expect, it } from "vitest";
import { contentTerms, quantities, quantitySet } from "./text-terms.ts";

describe("contentTerms", () => {
  it("drops function words and stems the rest", () => {
    expect(contentTerms("The fractures were treated with bracing")).toEqual(["fractur", "treat", "brace"]);
  });
});

describe("quantities", () => {
  it("reads numbers with their units, normalised", () => {
    expect(
      quantities("Give 5 mg/kg twice daily for 3 weeks; 25 percent improved (P < .05), n = 1,200."),
    ).toEqual(["5 mg/kg", "3 weeks", "25 %", "0.05", "1200"]);
  });

  it("does not read digits inside names such as IL-6 or T2DM as quantities", () => {
    expect(quantities("IL6, IL-6, T2DM and COVID-19")).toEqual([]);
  });

  it("lets a statement's bare number match a source's number with a unit", () => {
    const source = quantitySet("Pain fell by 40% at 12 months.");
    expect(source.has("40 %")).toBe(true);
    expect(source.has("40")).toBe(true);
    expect(source.has("12 months")).toBe(true);
    expect(source.has("50 %")).toBe(false);
  });
});
