import { describe, expect, it } from "vitest";
import { readability } from "./readability.ts";

describe("readability", () => {
  it("grades plain short sentences far below abstract prose", () => {
    const plain = readability(
      "The bone at the back of the spine can crack. Rest helps it heal. Most children get better.",
    );
    const technical = readability(
      "Conservative management comprising activity restriction and thoracolumbosacral orthosis demonstrated radiological union in the majority of early-stage unilateral pars interarticularis defects.",
    );
    expect(plain.fleschKincaidGrade).toBeLessThan(5);
    expect(technical.fleschKincaidGrade).toBeGreaterThan(16);
    expect(technical.colemanLiauGrade - plain.colemanLiauGrade).toBeGreaterThan(8);
    expect(plain.sentences).toBe(3);
  });

  it("gives an empty text grade 0 instead of NaN", () => {
    expect(readability("  ")).toEqual({ fleschKincaidGrade: 0, colemanLiauGrade: 0, sentences: 0, words: 0 });
  });
});
