import { describe, expect, it } from "vitest";
import { toEvidenceDocument } from "../evidence/index.ts";
import { feedbackTerms } from "./relevance-feedback.ts";

const doc = (id: string, title: string, text: string) =>
  toEvidenceDocument({ id: `test:${id}`, source: "test", title, abstract: [{ text }] });

describe("relevance feedback terms", () => {
  it("takes the words the top documents share, weighted by score, leaving out the query's own", () => {
    const documents = [
      {
        document: doc(
          "1",
          "Spondylolysis in athletes",
          "Pars interarticularis stress fracture; bracing helps.",
        ),
        score: 10,
      },
      {
        document: doc("2", "Pars defects", "Spondylolysis of the pars interarticularis in adolescents."),
        score: 8,
      },
      { document: doc("3", "Unrelated", "Cardiology outcomes."), score: 0.1 },
    ];
    const terms = feedbackTerms(documents, new Set(["pars", "defect"]), 3);
    expect(terms).toEqual(["interarticularis", "spondylolysis", "athletes"]);
  });

  it("returns nothing without positive scores", () => {
    expect(feedbackTerms([{ document: doc("1", "A", "words here"), score: 0 }], new Set(), 5)).toEqual([]);
  });
});
