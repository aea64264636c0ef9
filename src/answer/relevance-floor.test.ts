import { describe, expect, it } from "vitest";
import { focusOf } from "../../test/question-focus-of.ts";
import { isOnTopic } from "./relevance-floor.ts";
import { contentTerms, withStemPrefixes } from "./text-terms.ts";

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
