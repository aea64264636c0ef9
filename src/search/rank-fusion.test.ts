import { describe, expect, it } from "vitest";
import type { LexicalHit } from "../store/corpus-store.ts";
import { RRF_K, reciprocalRankFusion } from "./rank-fusion.ts";

const hit = (id: string): LexicalHit => ({
  id,
  title: id,
  evidenceLevel: "unclassified",
  retracted: false,
  score: 99,
});

describe("reciprocal rank fusion", () => {
  it("rewards documents both lists rank well and sums 1 / (60 + rank)", () => {
    const fused = reciprocalRankFusion([
      [hit("a"), hit("b"), hit("c")],
      [hit("b"), hit("d")],
    ]);
    expect(fused.map((h) => h.id)).toEqual(["b", "a", "d", "c"]);
    expect(fused[0]?.score).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1), 12);
  });
});
