import { describe, expect, it } from "vitest";
import { pairedRandomizationTest } from "./paired-test.ts";

describe("paired randomisation test", () => {
  it("finds no difference between identical systems", () => {
    expect(pairedRandomizationTest([0.1, 0.5, 0.9], [0.1, 0.5, 0.9])).toBe(1);
  });

  it("gives a small p-value for a consistent improvement and a large one for noise", () => {
    const baseline = Array.from({ length: 50 }, (_, index) => (index % 10) / 10);
    const better = baseline.map((value) => value + 0.1);
    expect(pairedRandomizationTest(baseline, better)).toBeLessThan(0.001);
    const noisy = baseline.map((value, index) => value + (index % 2 === 0 ? 0.1 : -0.1));
    expect(pairedRandomizationTest(baseline, noisy)).toBeGreaterThan(0.5);
  });

  it("matches the exact test on a tiny example", () => {
    // Differences +1, +1, +1: of the 8 sign patterns, 2 reach |sum| = 3, so the exact p-value is 0.25.
    expect(pairedRandomizationTest([0, 0, 0], [1, 1, 1], 20_000)).toBeCloseTo(0.25, 1);
  });
});
