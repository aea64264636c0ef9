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
    ["my son can't breathe", "difficulty breathing"],
  ])("puts an urgent notice first for: %s", (question, expected) => {
    expect(urgentCareNotice(question)).toMatch(new RegExp(expected, "i"));
  });

  it.each(["I have crushing chest pain and can't breathe", "chest tightness, I cannot breathe properly"])(
    "names chest pain, not an allergic reaction, for: %s",
    (question) => {
      const notice = urgentCareNotice(question) ?? "";
      expect(notice).toContain("chest pain");
      expect(notice).not.toMatch(/anaphylaxis|difficulty breathing/);
    },
  );

  it("names an allergic reaction when breathlessness follows an allergen", () => {
    const notice = urgentCareNotice("ate peanuts and now can't breathe") ?? "";
    expect(notice).toContain("anaphylaxis");
    expect(notice).not.toContain("difficulty breathing");
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
