/**
 * Two-sided paired randomisation test (Fisher's sign-flip test) on per-query differences: how often a random
 * relabelling of which system produced each query's score gives a mean difference at least as large as the one
 * observed. Seeded, so a report is reproducible.
 */
export function pairedRandomizationTest(
  baseline: readonly number[],
  candidate: readonly number[],
  trials = 10_000,
  seed = 20261125,
): number {
  if (baseline.length !== candidate.length) throw new RangeError("paired scores must have the same length");
  const differences = candidate.map((value, index) => value - (baseline[index] ?? 0));
  if (differences.length === 0) return 1;
  const observed = Math.abs(sum(differences));
  const random = mulberry32(seed);
  let atLeastAsExtreme = 0;
  for (let trial = 0; trial < trials; trial++) {
    let total = 0;
    for (const difference of differences) total += random() < 0.5 ? -difference : difference;
    if (Math.abs(total) >= observed - 1e-12) atLeastAsExtreme++;
  }
  return (atLeastAsExtreme + 1) / (trials + 1);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** A small, fast, seedable PRNG (uniform on [0, 1)). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
