import { describe, expect, it } from "vitest";
import { analyzeQuery } from "../search/index.ts";
import { questionFocus } from "./question-focus.ts";
import { isOnTopic } from "./relevance-floor.ts";
import { contentTerms, withStemPrefixes } from "./text-terms.ts";

/** Corpus statistics as a store would give them: a few counts, every other word held by one document in 100. */
function frequencies(counts: Record<string, number>, documents = 10_000) {
  return {
    documents,
    holding: new Map(Object.entries(counts)),
  };
}

function focusOf(question: string, counts: Record<string, number>) {
  const analysis = analyzeQuery(question);
  const known = Object.fromEntries(
    analysis.concepts
      .flatMap((concept) => [concept.text, ...concept.expansions.map((e) => e.text)])
      .map((name) => [name, counts[name] ?? 100]),
  );
  return questionFocus(analysis, frequencies(known));
}

const terms = (text: string) => withStemPrefixes(contentTerms(text));

describe("isOnTopic", () => {
  const focus = focusOf("dapoxetine for PE - does it work?", {});

  it("needs both sides of the question, not a shared abbreviation", () => {
    expect(isOnTopic(focus, terms("Troponin predicts mortality in pulmonary embolism (PE)."))).toBe(false);
    expect(isOnTopic(focus, terms("Dapoxetine prolonged latency in premature ejaculation (PE)."))).toBe(true);
  });

  it("meets other forms of a word: British spelling, long words' endings, hyphenated parts", () => {
    const bleeding = focusOf("haematoma after angiogram with low-dose heparin", {});
    expect(
      isOnTopic(
        bleeding,
        terms("Hematoma rates after coronary angiography were similar with low dose heparin."),
      ),
    ).toBe(true);
  });
});
