import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureStore } from "../../test/fixture-store.ts";
import { readability } from "../audience/readability.ts";
import type { CorpusStore } from "../store/corpus-store.ts";
import { type Answer, answerStatements } from "./answer.ts";
import { askQuestion } from "./ask-question.ts";
import { personalizeAnswer } from "./personalize-answer.ts";
import { quantities } from "./text-terms.ts";

let fixture: Awaited<ReturnType<typeof fixtureStore>>;
let store: CorpusStore;
let physician: Answer;

beforeAll(async () => {
  fixture = await fixtureStore();
  store = fixture.store;
  physician = await askQuestion(store, "What is the treatment for pars defect?");
});

afterAll(() => fixture.remove());

const claims = (answer: Answer) => answerStatements(answer).filter((statement) => statement.kind === "claim");
const text = (answer: Answer) =>
  answerStatements(answer)
    .map((statement) => statement.text)
    .join("\n");

describe("personalizeAnswer", () => {
  it("keeps every source, citation and claim for the patient, in plainer words", () => {
    const patient = personalizeAnswer(physician, "patient");
    expect(patient.audience).toBe("patient");
    expect(patient.references).toEqual(physician.references);
    // Sections come in the patient's order; each claim keeps its citations.
    const cited = (answer: Answer) =>
      claims(answer)
        .map((statement) => `${statement.original ?? statement.text} ${statement.citations.join(",")}`)
        .sort();
    expect(cited(patient)).toEqual(cited(physician));
    for (const statement of claims(patient)) {
      const original = statement.original ?? statement.text;
      expect(claims(physician).some((source) => source.text === original)).toBe(true);
      // A rewrite adds no number the source sentence lacks.
      const sourceNumbers = new Set(quantities(original).map((quantity) => quantity.split(" ")[0]));
      for (const quantity of quantities(statement.text))
        expect(sourceNumbers.has(quantity.split(" ")[0])).toBe(true);
    }
    // The 4-grade target is measured on PubMedQA (galen eval pubmedqa --readability); the invented abstracts here
    // are already plainly written, so only the direction is checked.
    expect(readability(text(patient)).fleschKincaidGrade).toBeLessThan(
      readability(text(physician)).fleschKincaidGrade,
    );
  });

  it("adds the patient's sections as Galen's own framing, citing nothing, and the lay disclaimer", () => {
    const patient = personalizeAnswer(physician, "patient");
    const added = patient.sections.filter((section) =>
      ["what-this-means", "when-to-seek-care", "questions-to-ask"].includes(section.kind),
    );
    expect(added.map((section) => section.heading)).toEqual([
      "What This Means for You",
      "When to Seek Care",
      "Questions to Ask Your Clinician",
    ]);
    for (const statement of added.flatMap((section) => section.items.flatMap((item) => item.statements))) {
      expect(statement.kind).toBe("framing");
      expect(statement.citations).toEqual([]);
    }
    expect(patient.disclaimer).toMatch(/not advice about your own health/);
    expect(patient.sections.map((section) => section.heading)).toContain("Treatment Options, Step by Step");
  });

  it("orders sections for the pharmacist and glosses terms for the student", () => {
    const student = personalizeAnswer(physician, "student");
    expect(text(student)).toMatch(/spondylolysis \(a stress fracture/);
    const pharmacist = personalizeAnswer(physician, "pharmacist");
    expect(pharmacist.sections[0]?.kind).toBe("treatment-algorithm");
    expect(pharmacist.references).toEqual(physician.references);
  });

  it("leaves out doses for patients", () => {
    const dosed: Answer = {
      ...physician,
      bottomLine: [
        {
          text: "Ibuprofen 400 mg three times daily relieved pain.",
          kind: "claim",
          citations: [1],
          support: 1,
          quotes: [],
        },
        ...physician.bottomLine,
      ],
    };
    expect(text(personalizeAnswer(dosed, "patient"))).not.toMatch(/400 mg/);
    expect(text(personalizeAnswer(dosed, "nurse"))).toMatch(/400 mg/);
  });
});
