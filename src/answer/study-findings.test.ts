import { describe, expect, it } from "vitest";
import { findingDirection } from "./study-findings.ts";

describe("findingDirection", () => {
  it.each([
    [
      "These results do not support the trend of increased surgery for patients with displaced fractures of the proximal humerus.",
      "no-difference",
    ],
    [
      "There was no significant difference between surgical treatment compared with nonsurgical treatment in patient-reported clinical outcomes over 2 years.",
      "no-difference",
    ],
    [
      "Our study indicated that preoperative statin therapy seems to reduce AF development after CABG.",
      "benefit",
    ],
    [
      "The results from this trial of the ketogenic diet support its use in children with treatment-intractable epilepsy.",
      "benefit",
    ],
    [
      "Atypical antipsychotic drugs may be associated with a small increased risk for death compared with placebo.",
      "harm",
    ],
    ["Surgery improved pain at 6 months but increased the risk of reoperation.", "mixed"],
    [
      "The results of this study suggest that patients treated postoperatively, following cardiac surgery, are at no greater risk of harm if short term slow release ibuprofen combined with lansoprazole treatment is used when compared to an oxycodone based regimen.",
      "no-difference",
    ],
    [
      "Tamsulosin 400 μg and nifedipine 30 mg are not effective at decreasing the need for further treatment to achieve stone clearance in 4 weeks for patients with expectantly managed ureteric colic.",
      "no-difference",
    ],
    ["Spondylolysis is a defect of the pars interarticularis.", undefined],
  ])("%s → %s", (sentence, direction) => {
    expect(findingDirection(sentence)).toBe(direction);
  });
});
