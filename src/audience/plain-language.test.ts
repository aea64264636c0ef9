import { describe, expect, it } from "vitest";
import { buildGlossary, plainLanguageGlossary } from "./glossary.ts";
import { showTerms, simplifySentence } from "./plain-language.ts";

const glossary = buildGlossary(
  "term\tplain\tkind\nspondylolysis\ta stress fracture at the back of the spine\tcondition\nanalgesic\tpainkiller\tdrug-class\nspinal fusion\tsurgery that joins spine bones\tprocedure\nfusion\tjoining of bones\tprocedure\nefficacy\thow well it works\tgeneral\n",
);

describe("showTerms", () => {
  it("replaces a term by short plain words, capitalised at the start of a sentence", () => {
    expect(showTerms("Analgesics helped. Most analgesics were cheap.", glossary, "plain")).toBe(
      "Painkillers helped. Most painkillers were cheap.",
    );
  });

  it("explains a term with a long description once, longest term first, and keeps the term", () => {
    const glossed = new Set<string>();
    expect(showTerms("Spondylolysis after spinal fusion", glossary, "plain", glossed)).toBe(
      "Spondylolysis (a stress fracture at the back of the spine) after spinal fusion (surgery that joins spine bones)",
    );
    expect(showTerms("spondylolysis healed", glossary, "plain", glossed)).toBe("spondylolysis healed");
  });

  it("makes a plural only of a one-word replacement", () => {
    expect(showTerms("Analgesics and fusions", glossary, "plain")).toBe("Painkillers and fusions");
  });

  it("does not put a prepositional phrase before a noun", () => {
    const sides = buildGlossary("term\tplain\tkind\nbilateral\ton both sides\tgeneral\n");
    expect(showTerms("bilateral defects; defects were bilateral.", sides, "plain")).toBe(
      "bilateral defects; defects were on both sides.",
    );
  });

  it("glosses every term once in glossed mode", () => {
    expect(showTerms("analgesics, then analgesics", glossary, "glossed")).toBe(
      "analgesics (painkillers), then analgesics",
    );
  });
});

describe("simplifySentence", () => {
  it("drops parentheses and statistics and splits a long sentence at a clause", () => {
    expect(
      simplifySentence(
        "Bracing improved healing in early spondylolysis (OR 2.1, 95% CI 1.2-3.4; P = .01), but it did not change the time to return to sport in the athletes who were followed.",
        glossary,
        "plain",
      ),
    ).toBe(
      "Bracing improved healing in early spondylolysis (a stress fracture at the back of the spine). But it did not change the time to return to sport in the athletes who were followed.",
    );
  });

  it("keeps the claim: a rewrite that would lose a negation is not made", () => {
    const sentence = "Efficacy was similar (no difference, P = 0.4).";
    expect(simplifySentence(sentence, glossary, "plain")).toBe(
      "Efficacy (how well it works) was similar (no difference, P = 0.4).",
    );
  });
});

describe("the project's glossary", () => {
  it("turns abstract prose into plainer words", () => {
    const plain = showTerms(
      "Patients with hypertension and renal impairment had higher mortality.",
      plainLanguageGlossary(),
      "plain",
    );
    expect(plain).toMatch(/high blood pressure/);
    expect(plain).toMatch(/kidney/);
  });
});
