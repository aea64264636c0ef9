import { describe, expect, it } from "vitest";
import { definedAbbreviations } from "./abbreviation-definitions.ts";

const defined = (text: string) => [...definedAbbreviations(text)];

describe("abbreviations a question defines", () => {
  it("finds a short form after its long form, or a long form after its short form", () => {
    expect(defined("sensitivity to ionizing radiation (IR) in mice")).toEqual(["ir"]);
    expect(defined("IR (ionizing radiation) and repair")).toEqual(["ir"]);
    expect(defined("haploid mouse embryonic stem cells (ESCs) can be derived")).toEqual(["esc"]);
    expect(defined("T helper 17 (Th17) cells")).toEqual(["th17"]);
  });

  it("needs the short form's letters in order, the first starting a word", () => {
    expect(defined("apixaban (AF) in older people")).toEqual([]);
    expect(defined("glycated hemoglobin (HbA1c)")).toEqual([]);
    expect(defined("lifestyle (STEMI)")).toEqual([]);
  });

  it("ignores parentheses that hold figures or sentences", () => {
    expect(defined("mortality (95% CI) after surgery")).toEqual([]);
    expect(defined("aspirin (taken daily by many people) and bleeding")).toEqual([]);
    expect(defined("unbalanced ( parenthesis")).toEqual([]);
  });
});
