import { describe, expect, it } from "vitest";
import type { Qrels, Run, ScoredDocument } from "./metrics.ts";
import {
  compareQueryIds,
  evaluateRun,
  ndcgAt,
  rankedDocIds,
  rankedResults,
  recallAt,
  reciprocalRankAt,
} from "./metrics.ts";

const judged = (entries: Array<[string, number]>) => new Map(entries);

// d1..d5 ranked in that order; d2 (rank 2) and d4 (rank 4) are relevant with grade 1.
const fiveDocs = ["d1", "d2", "d3", "d4", "d5"];
const twoRelevant = judged([
  ["d2", 1],
  ["d4", 1],
]);

describe("rankedDocIds", () => {
  it("sorts by score descending whatever order the results arrive in", () => {
    const results: ScoredDocument[] = [
      { docId: "a", score: 1 },
      { docId: "b", score: 3 },
      { docId: "c", score: 2 },
    ];
    expect(rankedDocIds(results)).toEqual(["b", "c", "a"]);
  });

  it("breaks score ties by document id descending, comparing strings as trec_eval does", () => {
    const results: ScoredDocument[] = [
      { docId: "x", score: 1 },
      { docId: "z", score: 1 },
      { docId: "y", score: 1 },
      // "9" > "10" as strings, so 9 ranks first.
      { docId: "10", score: 0.5 },
      { docId: "9", score: 0.5 },
    ];
    expect(rankedDocIds(results)).toEqual(["z", "y", "x", "9", "10"]);
  });

  it("keeps only the best-ranked entry of a document listed twice", () => {
    const results: ScoredDocument[] = [
      { docId: "a", score: 1 },
      { docId: "b", score: 2 },
      { docId: "a", score: 3 },
    ];
    expect(rankedResults(results)).toEqual([
      { docId: "a", score: 3 },
      { docId: "b", score: 2 },
    ]);
  });

  it("ranks NaN scores last instead of scrambling the order", () => {
    const results: ScoredDocument[] = [
      { docId: "a", score: Number.NaN },
      { docId: "b", score: 1 },
      { docId: "c", score: 2 },
    ];
    expect(rankedDocIds(results)).toEqual(["c", "b", "a"]);
  });
});

describe("ndcgAt", () => {
  it("matches the hand-computed value for relevant documents at ranks 2 and 4", () => {
    // DCG  = 1/log2(2+1) + 1/log2(4+1) = 0.6309297535714575 + 0.43067655807339306 = 1.0616063116448505
    // IDCG = 1/log2(1+1) + 1/log2(2+1) = 1 + 0.6309297535714575                    = 1.6309297535714575
    // nDCG@10 = 1.0616063116448505 / 1.6309297535714575                            = 0.6509209298071326
    expect(ndcgAt(10, fiveDocs, twoRelevant)).toBeCloseTo(
      (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3)),
      12,
    );
    expect(ndcgAt(10, fiveDocs, twoRelevant)).toBeCloseTo(0.6509209298071326, 12);
  });

  it("cuts both the ranking and the ideal ranking at k", () => {
    // @3: DCG = 1/log2(3) = 0.6309297535714575 (d4 falls outside); IDCG@3 = 1 + 1/log2(3) (only 2 relevant exist)
    // nDCG@3 = 0.6309297535714575 / 1.6309297535714575 = 0.38685280723454163
    expect(ndcgAt(3, fiveDocs, twoRelevant)).toBeCloseTo(0.38685280723454163, 12);
    // @1: d1 is not relevant, DCG = 0.
    expect(ndcgAt(1, fiveDocs, twoRelevant)).toBe(0);
  });

  it("uses linear gain for graded relevance and counts unretrieved relevant documents in the ideal", () => {
    // Ranking a, b, c; grades a = 1, b = 0 (judged not relevant), c = 2; u (grade 3) was not retrieved.
    // DCG  = 1/log2(2) + 0/log2(3) + 2/log2(4) = 1 + 0 + 1                          = 2
    // IDCG = 3/log2(2) + 2/log2(3) + 1/log2(4) = 3 + 1.2618595071429148 + 0.5       = 4.761859507142915
    // nDCG@10 = 2 / 4.761859507142915                                                = 0.42000399150792816
    // (exponential gain 2^g - 1 would give (1 + 3/2) / (7 + 3/log2(3) + 1/2) = 2.5 / 9.3928 = 0.2662 instead)
    const grades = judged([
      ["a", 1],
      ["b", 0],
      ["c", 2],
      ["u", 3],
    ]);
    expect(ndcgAt(10, ["a", "b", "c"], grades)).toBeCloseTo(0.42000399150792816, 12);
    // @1: DCG = 1 (a), IDCG = 3 (u) → 1/3.
    expect(ndcgAt(1, ["a", "b", "c"], grades)).toBeCloseTo(1 / 3, 12);
  });

  it("is 1 for the ideal ranking and 0 when nothing is relevant or nothing was retrieved", () => {
    expect(ndcgAt(10, ["d2", "d4"], twoRelevant)).toBe(1);
    expect(ndcgAt(10, fiveDocs, judged([["d1", 0]]))).toBe(0);
    expect(ndcgAt(10, [], twoRelevant)).toBe(0);
  });

  it("treats negative grades as no gain", () => {
    // DCG = 0 (d1 = -1) + 1/log2(3) (d2); IDCG = 1 → 0.6309297535714575
    expect(
      ndcgAt(
        10,
        ["d1", "d2"],
        judged([
          ["d1", -1],
          ["d2", 1],
        ]),
      ),
    ).toBeCloseTo(0.6309297535714575, 12);
  });
});

describe("recallAt", () => {
  it("counts relevant documents found in the top k over all relevant documents", () => {
    // @10: d2 and d4 found of 2 relevant → 2/2 = 1; @3: only d2 → 1/2; @1: none → 0.
    expect(recallAt(10, fiveDocs, twoRelevant)).toBe(1);
    expect(recallAt(3, fiveDocs, twoRelevant)).toBe(0.5);
    expect(recallAt(1, fiveDocs, twoRelevant)).toBe(0);
  });

  it("counts any grade above 0 as relevant and includes unretrieved relevant documents", () => {
    // Relevant: a (1), c (2), u (3) → 3; retrieved relevant: a, c → 2/3.
    const grades = judged([
      ["a", 1],
      ["b", 0],
      ["c", 2],
      ["u", 3],
    ]);
    expect(recallAt(10, ["a", "b", "c"], grades)).toBeCloseTo(2 / 3, 12);
  });

  it("is 0 when there is nothing relevant", () => {
    expect(recallAt(10, fiveDocs, judged([["d1", 0]]))).toBe(0);
  });
});

describe("reciprocalRankAt", () => {
  it("is 1 over the rank of the first relevant document within the top k", () => {
    // First relevant is d2 at rank 2 → 1/2; with k = 1 it is cut off → 0.
    expect(reciprocalRankAt(10, fiveDocs, twoRelevant)).toBe(0.5);
    expect(reciprocalRankAt(2, fiveDocs, twoRelevant)).toBe(0.5);
    expect(reciprocalRankAt(1, fiveDocs, twoRelevant)).toBe(0);
  });

  it("ignores judged non-relevant documents", () => {
    const grades = judged([
      ["d1", 0],
      ["d3", 2],
    ]);
    expect(reciprocalRankAt(10, fiveDocs, grades)).toBeCloseTo(1 / 3, 12);
  });
});

describe("evaluateRun", () => {
  const scores = (...docIds: string[]) =>
    docIds.map((docId, index) => ({ docId, score: docIds.length - index }) satisfies ScoredDocument);

  it("averages over the queries with relevant judgments, scoring a query without results as 0", () => {
    const qrels: Qrels = new Map([
      ["q1", twoRelevant],
      ["q2", judged([["d9", 1]])],
    ]);
    const run: Run = new Map([["q1", scores(...fiveDocs)]]);
    const evaluation = evaluateRun(run, qrels);
    // q1: nDCG@10 0.6509209298071326, recall@100 1, MRR@10 0.5; q2: all 0 → means are half of q1's.
    expect(evaluation.queries).toBe(2);
    expect(evaluation.ndcg).toBeCloseTo(0.6509209298071326 / 2, 12);
    expect(evaluation.recall).toBe(0.5);
    expect(evaluation.mrr).toBe(0.25);
    expect(evaluation).toMatchObject({ ndcgK: 10, recallK: 100, mrrK: 10 });
    expect(evaluation.perQuery).toEqual([
      { queryId: "q1", ndcg: expect.closeTo(0.6509209298071326, 12), recall: 1, recallAt10: 1, mrr: 0.5 },
      { queryId: "q2", ndcg: 0, recall: 0, recallAt10: 0, mrr: 0 },
    ]);
  });

  it("ranks by score, not by the order of the results", () => {
    const qrels: Qrels = new Map([["q1", twoRelevant]]);
    const shuffled = scores(...fiveDocs).reverse();
    expect(evaluateRun(new Map([["q1", shuffled]]), qrels).ndcg).toBeCloseTo(0.6509209298071326, 12);
  });

  it("skips queries without a relevant judgment and queries that are only in the run", () => {
    const qrels: Qrels = new Map([
      ["q1", twoRelevant],
      ["q2", judged([["d1", 0]])],
      ["q3", new Map()],
    ]);
    const run: Run = new Map([
      ["q1", scores("d2", "d4")],
      ["q2", scores("d1")],
      ["q4", scores("d1")],
    ]);
    const evaluation = evaluateRun(run, qrels);
    expect(evaluation.queries).toBe(1);
    expect(evaluation.perQuery.map(({ queryId }) => queryId)).toEqual(["q1"]);
    expect(evaluation).toMatchObject({ ndcg: 1, recall: 1, mrr: 1 });
  });

  it("scores 0 everywhere for an empty run", () => {
    const qrels: Qrels = new Map([["q1", twoRelevant]]);
    expect(evaluateRun(new Map(), qrels)).toMatchObject({ queries: 1, ndcg: 0, recall: 0, mrr: 0 });
  });

  it("returns zero queries and zero means when no query has a relevant judgment", () => {
    expect(evaluateRun(new Map(), new Map())).toMatchObject({
      queries: 0,
      ndcg: 0,
      recall: 0,
      mrr: 0,
      perQuery: [],
    });
  });

  it("applies the cut-offs it is given and reports them", () => {
    // Relevant d11 at rank 11: outside nDCG@10 and MRR@10, inside recall@100; with recall@10 it is missed too.
    const ranking = scores(...Array.from({ length: 11 }, (_, index) => `d${index + 1}`));
    const qrels: Qrels = new Map([["q1", judged([["d11", 1]])]]);
    const run: Run = new Map([["q1", ranking]]);
    expect(evaluateRun(run, qrels)).toMatchObject({ ndcg: 0, recall: 1, mrr: 0 });
    // @11: nDCG = (1/log2(12)) / 1 = 0.2789429456511298; MRR = 1/11.
    const wider = evaluateRun(run, qrels, { ndcgK: 11, recallK: 10, mrrK: 11 });
    expect(wider).toMatchObject({ ndcgK: 11, recallK: 10, mrrK: 11, recall: 0 });
    expect(wider.ndcg).toBeCloseTo(1 / Math.log2(12), 12);
    expect(wider.mrr).toBeCloseTo(1 / 11, 12);
  });

  it("lists per-query results in natural query id order", () => {
    const qrels: Qrels = new Map([
      ["10", judged([["d", 1]])],
      ["2", judged([["d", 1]])],
      ["1", judged([["d", 1]])],
    ]);
    expect(evaluateRun(new Map(), qrels).perQuery.map(({ queryId }) => queryId)).toEqual(["1", "2", "10"]);
  });

  it("rejects cut-offs that are not positive integers", () => {
    expect(() => evaluateRun(new Map(), new Map(), { ndcgK: 0 })).toThrow(/ndcgK must be a positive integer/);
    expect(() => evaluateRun(new Map(), new Map(), { recallK: 2.5 })).toThrow(/recallK/);
  });
});

describe("compareQueryIds", () => {
  it("orders numbers numerically and stays total", () => {
    expect(["10", "9", "b", "a", "PLAIN-2", "PLAIN-10"].sort(compareQueryIds)).toEqual([
      "9",
      "10",
      "a",
      "b",
      "PLAIN-2",
      "PLAIN-10",
    ]);
    expect(compareQueryIds("01", "1")).not.toBe(0);
  });
});
