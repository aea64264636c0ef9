import { describe, expect, it } from "vitest";
import { abstractSentences, splitSentences } from "./source-sentences.ts";

describe("splitSentences", () => {
  it("keeps abbreviations and decimals inside sentences", () => {
    expect(
      splitSentences(
        "Smith et al. compared surgery vs. bracing (Fig. 2). The odds ratio was 1.5 (95% CI, 1.2-3.4; P < .05). Healing followed.",
      ),
    ).toEqual([
      "Smith et al. compared surgery vs. bracing (Fig. 2).",
      "The odds ratio was 1.5 (95% CI, 1.2-3.4; P < .05).",
      "Healing followed.",
    ]);
  });
});

describe("abstractSentences", () => {
  it("gives each sentence its section's category and its position", () => {
    const sentences = abstractSentences({
      abstract: [
        { label: "BACKGROUND", nlmCategory: "BACKGROUND", text: "Spondylolysis is common in athletes." },
        { label: "CONCLUSIONS", text: "Bracing healed most defects. Surgery was rarely needed." },
      ],
    });
    expect(sentences.map((sentence) => [sentence.category, sentence.position])).toEqual([
      ["BACKGROUND", 0],
      ["CONCLUSIONS", 0.5],
      ["CONCLUSIONS", 1],
    ]);
  });

  it("reads labels typed into an unstructured abstract, and strips them from the sentence", () => {
    const sentences = abstractSentences({
      abstract: [
        {
          text: "MAIN OUTCOME MEASURE Nonfatal myocardial infarction. CONCLUSIONS Insufficiency is common. Results: fewer falls. MRI T2 signal rose.",
        },
      ],
    });
    expect(sentences.map((sentence) => [sentence.category, sentence.text])).toEqual([
      ["METHODS", "Nonfatal myocardial infarction."],
      ["CONCLUSIONS", "Insufficiency is common."],
      ["RESULTS", "Fewer falls."],
      ["UNASSIGNED", "MRI T2 signal rose."],
    ]);
  });
});
