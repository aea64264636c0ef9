import { describe, expect, it } from "vitest";
import { analyzeQuery } from "../search/index.ts";
import { questionFocus } from "./question-focus.ts";
import { questionKind, questionTopic } from "./question-kind.ts";

describe("questionKind", () => {
  it.each([
    ["What is the treatment for pars defect?", "treatment"],
    ["How is pulmonary embolism diagnosed?", "diagnosis"],
    ["What is the prognosis of glioblastoma?", "prognosis"],
    ["What causes gout?", "etiology"],
    ["Amoxicillin dose for otitis media in children", "dosing"],
    ["apixaban vs warfarin in atrial fibrillation", "comparison"],
    ["What is spondylolysis?", "overview"],
    ["asthma", "overview"],
  ])("%s → %s", (question, kind) => {
    expect(questionKind(question)).toBe(kind);
  });
});

describe("questionTopic", () => {
  it("names the topic as typed, with the literature's name beside it", () => {
    const analysis = analyzeQuery("What is the treatment for pars defect?");
    expect(questionTopic(questionFocus(analysis))).toBe("spondylolysis (pars defect)");
  });

  it("spells out an abbreviation", () => {
    const analysis = analyzeQuery("aspirin for AF");
    expect(questionTopic(questionFocus(analysis))).toBe("aspirin and atrial fibrillation (AF)");
  });
});
