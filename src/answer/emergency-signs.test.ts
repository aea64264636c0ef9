import { describe, expect, it } from "vitest";
import { urgentCareNotice } from "./emergency-signs.ts";

describe("urgentCareNotice", () => {
  it.each([
    ["crushing chest pain and shortness of breath, what should I do", "chest pain"],
    ["my father has facial droop and slurred speech", "stroke"],
    ["I want to kill myself, which pills work", "suicide"],
    ["throat swelling after a bee sting", "anaphylaxis"],
    ["management of anaphylaxis in children", "anaphylaxis"],
    ["toddler swallowed a button battery", "poisoning"],
    ["fever and stiff neck in a teenager", "meningitis"],
  ])("puts an urgent notice first for: %s", (question, expected) => {
    expect(urgentCareNotice(question)).toMatch(new RegExp(expected, "i"));
  });

  it("points people with suicidal thoughts to a crisis line", () => {
    expect(urgentCareNotice("thinking about suicide")).toContain("988");
  });

  it.each([
    "What is the treatment for pars defect?",
    "chest pain in young athletes: causes",
    "metformin dose in chronic kidney disease",
    "Is a stroke unit better than a general ward?",
  ])("stays quiet for: %s", (question) => {
    expect(urgentCareNotice(question)).toBeUndefined();
  });
});
