import { describe, expect, it } from "vitest";
import { focusOf } from "../../test/question-focus-of.ts";
import { missingMedicalConcepts } from "./relevance-floor.ts";

describe("questionFocus", () => {
  it("never lets who is asking or when decide the topic", () => {
    const focus = focusOf("my son has seizures every day, would a diet help?", {});
    const roles = Object.fromEntries(focus.map((concept) => [concept.text, concept.role]));
    expect(roles).toMatchObject({ son: "context", seizures: "key", every: "context", diet: "key" });
  });

  it("treats everyday speech the literature rarely writes as context, and medical words people say as key", () => {
    const focus = focusOf("I broke my wrist and heard about vitamin C", {
      broke: 3,
      heard: 2,
      wrist: 40,
    });
    const roles = Object.fromEntries(focus.map((concept) => [concept.text, concept.role]));
    expect(roles.broke).toBe("context");
    expect(roles.heard).toBe("context");
    expect(roles.wrist).toBe("key");
    expect(roles["vitamin c"]).toBe("key");
  });

  it("weighs a rare concept above a common one", () => {
    const focus = focusOf("proximal humerus fracture", { humerus: 10, fracture: 600, proximal: 200 });
    const weight = (text: string) => focus.find((concept) => concept.text === text)?.weight ?? 0;
    expect(weight("humerus")).toBeGreaterThan(weight("proximal"));
    expect(weight("proximal")).toBeGreaterThan(weight("fracture"));
  });

  it("keeps what a question asks the effect of as its topic, however everyday the word", () => {
    const focus = focusOf("does honey help a cough at night?", { honey: 3 });
    expect(focus.find((concept) => concept.text === "honey")?.role).toBe("key");
  });

  it("splits a question into the intervention and what it is for", () => {
    const focus = focusOf("dapoxetine for PE - does it work?", {});
    expect(focus.find((concept) => concept.text === "dapoxetine")?.side).toBe("intervention");
    expect(focus.find((concept) => concept.text === "pe")?.side).toBe("target");
  });

  it("finds a medical concept the corpus never names", () => {
    const focus = focusOf("what gets rid of head lice", { "head lice": 0, "pediculosis capitis": 0 });
    expect(missingMedicalConcepts(focus).map((concept) => concept.text)).toEqual(["head lice"]);
  });
});
