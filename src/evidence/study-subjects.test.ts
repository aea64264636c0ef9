import { describe, expect, it } from "vitest";
import { namesNonHumans, studiesOnlyNonHumans } from "./study-subjects.ts";

const record = (title: string, text: string) => ({ title, abstract: [{ text }] });

describe("studiesOnlyNonHumans", () => {
  it("finds a study of animals that names no people", () => {
    expect(
      studiesOnlyNonHumans(
        record(
          "mTOR inhibition after status epilepticus",
          "Rapamycin given to rats before kainate blocked seizure-induced mTOR activation.",
        ),
      ),
    ).toBe(true);
  });

  it("keeps a clinical study, even one that mentions earlier animal work", () => {
    expect(
      studiesOnlyNonHumans(
        record(
          "The ketogenic diet for childhood epilepsy",
          "Findings in rats suggested a benefit; 145 children with daily seizures were randomly assigned.",
        ),
      ),
    ).toBe(false);
  });

  it("tells a question about animals from one about patients", () => {
    expect(namesNonHumans("Does rapamycin prevent epilepsy in mice?")).toBe(true);
    expect(namesNonHumans("would a special diet stop my son's fits?")).toBe(false);
  });
});
