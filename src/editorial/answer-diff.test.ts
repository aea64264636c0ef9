import { describe, expect, it } from "vitest";
import type { Answer } from "../answer/answer.ts";
import { diffAnswers } from "./answer-diff.ts";

const reference = (number: number, id: string) => ({
  number,
  id,
  title: `Title of ${id}`,
  evidenceLevel: "randomized-trial" as const,
  links: {},
  citation: `Citation of ${id}.`,
});

function answer(bottomLine: string[], references: string[], sections: Answer["sections"] = []): Answer {
  return {
    question: "What is the treatment for pars defect?",
    questionType: "treatment",
    audience: "physician",
    insufficientEvidence: false,
    bottomLine: bottomLine.map((text) => ({ text, kind: "claim", citations: [1], support: 1, quotes: [] })),
    sections,
    references: references.map((id, index) => reference(index + 1, id)),
    evidenceSummary: { counts: {}, text: "" },
    caveats: [],
    disclaimer: "Not medical advice.",
    composer: { name: "extractive" },
    retrieval: { preset: "clinical", evidence: [] },
    verification: { checked: 0, supported: 0, dropped: 0, flagged: 0 },
    createdAt: new Date(0).toISOString(),
  } as unknown as Answer;
}

describe("comparing two versions of an answer", () => {
  it("marks the words removed on the older side and added on the newer", () => {
    const diff = diffAnswers(
      answer(["Bracing helps most adolescents."], ["pubmed:1"]),
      answer(["Bracing helps many adolescents."], ["pubmed:2"]),
    );
    const [bottom] = diff.parts;
    expect(bottom?.changed).toBe(true);
    expect(bottom?.before.filter((run) => run.change === "removed").map((run) => run.text)).toEqual(["most"]);
    expect(bottom?.after.filter((run) => run.change === "added").map((run) => run.text)).toEqual(["many"]);
    expect(bottom?.before.map((run) => run.text).join("")).toBe("Bracing helps most adolescents. [1]");
    expect(diff.referencesAdded.map((r) => r.id)).toEqual(["pubmed:2"]);
    expect(diff.referencesRemoved.map((r) => r.id)).toEqual(["pubmed:1"]);
  });

  it("matches sections by heading and shows a removed section as all removed", () => {
    const section = {
      heading: "Outcomes and Prognosis",
      kind: "outcomes" as const,
      items: [
        {
          statements: [
            { text: "Most heal.", kind: "claim" as const, citations: [1], support: 1, quotes: [] },
          ],
        },
      ],
    };
    const diff = diffAnswers(answer(["Same."], ["pubmed:1"], [section]), answer(["Same."], ["pubmed:1"]));
    expect(diff.parts.map((part) => [part.heading, part.changed])).toEqual([
      ["Bottom line", false],
      ["Outcomes and Prognosis", true],
    ]);
    expect(diff.parts[1]?.after).toEqual([]);
  });
});
