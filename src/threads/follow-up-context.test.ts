import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { QUESTION_KINDS } from "../answer/answer.ts";
import { questionKind } from "../answer/question-kind.ts";
import { resolveFollowUp } from "./follow-up-context.ts";

const Pair = z.object({
  question: z.string(),
  followUp: z.string(),
  carried: z.array(z.string()),
  kind: z.enum(QUESTION_KINDS),
});

function pairs(file: string) {
  return readFileSync(new URL(`./data/${file}`, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => Pair.parse(JSON.parse(line)));
}

function resolved(pair: z.infer<typeof Pair>) {
  const earlier = [
    { question: pair.question, searchedAs: pair.question, kind: questionKind(pair.question), cited: [] },
  ];
  return resolveFollowUp(pair.followUp, earlier);
}

describe("resolveFollowUp on the project's follow-up set (written with the code)", () => {
  const set = pairs("follow-ups.jsonl");
  it.each(set.map((pair) => [pair.followUp, pair.question, pair]))(
    "%s (after: %s)",
    (_followUp, _question, pair) => {
      const result = resolved(pair);
      expect({ carried: result.carried, kind: result.kind }).toEqual({
        carried: pair.carried,
        kind: pair.kind,
      });
    },
  );
});

describe("resolveFollowUp on the second set (written by someone who had not seen the code)", () => {
  it("resolves every follow-up as expected, and reports the count", () => {
    const set = pairs("follow-ups-held-out.jsonl");
    const misses = set.filter((pair) => {
      const result = resolved(pair);
      return JSON.stringify(result.carried) !== JSON.stringify(pair.carried) || result.kind !== pair.kind;
    });
    const line = `second-set follow-ups resolved: ${set.length - misses.length}/${set.length}`;
    process.stdout.write(
      `${line}\n${misses.map((pair) => `  missed: ${pair.followUp} (after: ${pair.question})`).join("\n")}\n`,
    );
    expect(set.length).toBeGreaterThanOrEqual(30);
    expect(misses).toEqual([]);
  });
});

describe("resolveFollowUp", () => {
  it("carries the condition and the kind of question into an elliptical follow-up", () => {
    const result = resolveFollowUp("What about in adults?", [
      {
        question: "What is the treatment for pars defect?",
        searchedAs: "What is the treatment for pars defect?",
        kind: "treatment",
        cited: ["pubmed:1"],
      },
    ]);
    expect(result).toEqual({
      searchAs: "pars defect treatment adults",
      kind: "treatment",
      carried: ["pars defect"],
      reason: "carried",
      preferred: ["pubmed:1"],
    });
  });

  it("never carries a condition into a follow-up that names a new one", () => {
    const result = resolveFollowUp("What is the treatment for Kawasaki disease?", [
      {
        question: "What is the treatment for pars defect?",
        searchedAs: "What is the treatment for pars defect?",
        kind: "treatment",
        cited: ["pubmed:1"],
      },
    ]);
    expect(result.carried).toEqual([]);
    expect(result.reason).toBe("new-condition");
    expect(result.searchAs).toBe("What is the treatment for Kawasaki disease?");
    expect(result.preferred).toEqual([]);
  });

  it("reads a word that expands to an outcome (outlook → prognosis) as no condition of its own", () => {
    const question = "What is the prognosis of rheumatoid arthritis?";
    const result = resolveFollowUp("Does early methotrexate change the outlook?", [
      { question, searchedAs: question, kind: "prognosis", cited: [] },
    ]);
    expect(result.carried).toEqual(["rheumatoid arthritis"]);
    expect(result.reason).toBe("carried");
  });
});
