import { describe, expect, it } from "vitest";
import { type BoundedTerm, type ImpactSource, type Posting, thresholdTopK } from "./threshold-top-k.ts";

/** A small seeded generator (mulberry32), so that every run checks the same corpora. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Corpus {
  /** Each word's impacts by document. */
  impacts: Map<string, Map<string, number>>;
  /** How far below its bound each document's exact score falls (1/slack … 1 of it). */
  shortfall: Map<string, number>;
  hidden: Set<string>;
}

function corpus(seed: number, documents: number, words: readonly string[], slack: number): Corpus {
  const next = random(seed);
  const impacts = new Map(words.map((word) => [word, new Map<string, number>()]));
  const shortfall = new Map<string, number>();
  const hidden = new Set<string>();
  for (let d = 0; d < documents; d++) {
    const id = `doc${d}`;
    shortfall.set(id, 1 / slack + next() * (1 - 1 / slack));
    if (next() < 0.05) hidden.add(id);
    for (const [index, word] of words.entries()) {
      // Later words are commoner, as in real queries.
      if (next() < 0.05 + 0.1 * index) impacts.get(word)?.set(id, next() * 2.2);
    }
  }
  return { impacts, shortfall, hidden };
}

/** The exact score: weight × the least of a term's word impacts, summed, times the document's shortfall × slack. */
function exactScore(data: Corpus, terms: readonly BoundedTerm[], id: string, slack: number): number {
  let score = 0;
  for (const term of terms) {
    const least = Math.min(...term.lists.map((list) => data.impacts.get(list)?.get(id) ?? 0));
    score += term.weight * least;
  }
  return score * (data.shortfall.get(id) ?? 1) * slack;
}

function source(
  data: Corpus,
  terms: readonly BoundedTerm[],
  slack: number,
  log: { scored: number },
): ImpactSource {
  const sorted = new Map(
    [...data.impacts].map(([list, byDocument]) => [
      list,
      [...byDocument]
        .map(([id, impact]): Posting => ({ list, id, impact }))
        .sort((a, b) => b.impact - a.impact || (a.id < b.id ? -1 : 1)),
    ]),
  );
  return {
    async read(requests) {
      return requests.flatMap(({ list, after, limit }) => {
        const postings = sorted.get(list) ?? [];
        const from = after
          ? postings.findIndex(
              (posting) =>
                posting.impact < after.impact || (posting.impact === after.impact && posting.id > after.id),
            )
          : 0;
        return from < 0 ? [] : postings.slice(from, from + limit);
      });
    },
    async score(ids) {
      log.scored += ids.length;
      return new Map(
        ids.filter((id) => !data.hidden.has(id)).map((id) => [id, exactScore(data, terms, id, slack)]),
      );
    },
  };
}

function bruteForce(data: Corpus, terms: readonly BoundedTerm[], slack: number, limit: number): string[] {
  return [...data.shortfall.keys()]
    .filter(
      (id) =>
        !data.hidden.has(id) &&
        terms.some((term) => term.lists.some((list) => data.impacts.get(list)?.has(id))),
    )
    .map((id) => ({ id, score: exactScore(data, terms, id, slack) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map((hit) => hit.id);
}

describe("thresholdTopK", () => {
  const words = ["spondylolysis", "pars", "defect", "bracing", "adolescent", "treatment"];
  const terms: BoundedTerm[] = [
    { weight: 4.1, lists: ["spondylolysis"] },
    { weight: 2.5, lists: ["pars", "defect"] }, // a phrase: bounded by the lesser of its words
    { weight: 1.7, lists: ["bracing"] },
    { weight: 0.9, lists: ["adolescent"] },
    { weight: 0.2, lists: ["treatment"] },
  ];

  for (const [seed, slack] of [
    [1, 1],
    [2, 1],
    [3, 1.5],
    [4, 2],
  ] as const) {
    it(`finds the same top 30 as scoring every document (corpus ${seed}, slack ${slack})`, async () => {
      const data = corpus(seed, 20_000, words, slack);
      const log = { scored: 0 };
      const result = await thresholdTopK(terms, source(data, terms, slack, log), { limit: 30, slack });
      expect(result.hits.map((hit) => hit.id)).toEqual(bruteForce(data, terms, slack, 30));
      expect(result.exact).toBe(true);
      // Far fewer documents scored than hold a query word (thousands here).
      const holding = new Set([...data.impacts.values()].flatMap((byDocument) => [...byDocument.keys()]));
      expect(log.scored).toBeLessThan(holding.size / 4);
    });
  }

  it("leaves out documents the source does not score (retracted ones, say), even when fewer than k remain", async () => {
    const data = corpus(6, 300, words, 1);
    const result = await thresholdTopK(terms, source(data, terms, 1, { scored: 0 }), {
      limit: 1_000,
      slack: 1,
    });
    expect(data.hidden.size).toBeGreaterThan(0);
    expect(result.hits.map((hit) => hit.id)).toEqual(bruteForce(data, terms, 1, 1_000));
  });

  it("says when a depth cut left the ranking inexact, and returns what it found", async () => {
    const data = corpus(5, 5_000, words, 1);
    const log = { scored: 0 };
    const result = await thresholdTopK(terms, source(data, terms, 1, log), {
      limit: 10,
      slack: 1,
      firstBlock: 2,
      maxDepth: 4,
    });
    expect(result.exact).toBe(false);
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.read).toBeLessThanOrEqual(4 * words.length);
  });

  it("returns nothing when no list has postings", async () => {
    const empty = { impacts: new Map(), shortfall: new Map(), hidden: new Set<string>() };
    const result = await thresholdTopK(terms, source(empty, terms, 1, { scored: 0 }), { limit: 5, slack: 1 });
    expect(result).toMatchObject({ hits: [], exact: true });
  });
});
