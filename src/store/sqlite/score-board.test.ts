import { describe, expect, it } from "vitest";
import { ScoreBoard } from "./score-board.ts";
import type { Shares } from "./word-index.ts";

const shares = (pairs: Array<[number, number]>): Shares => ({
  rowids: Int32Array.from(pairs.map(([rowid]) => rowid)),
  shares: Float64Array.from(pairs.map(([, share]) => share)),
  count: pairs.length,
});

describe("ScoreBoard", () => {
  it("sums weighted shares per document and returns the best, ties by rowid", () => {
    const board = new ScoreBoard();
    board.add(
      shares([
        [3, 1],
        [7, 2],
        [9, 0.5],
      ]),
      1,
    );
    board.add(
      shares([
        [3, 2],
        [5, 2],
        [5000, 4],
      ]),
      0.5,
    );
    expect(board.best(3)).toEqual([
      { rowid: 3, score: 2 },
      { rowid: 7, score: 2 },
      { rowid: 5000, score: 2 },
    ]);
    expect(board.best(10).map((row) => row.rowid)).toEqual([3, 7, 5000, 5, 9]);
    expect(board.best(0)).toEqual([]);
  });

  it("skips the documents marked for a stand-in, and starts clean after clear", () => {
    const board = new ScoreBoard();
    board.unmark();
    board.markAll(shares([[2, 9]]));
    board.add(
      shares([
        [1, 1],
        [2, 1],
      ]),
      1,
      true,
    );
    expect(board.best(5)).toEqual([{ rowid: 1, score: 1 }]);
    board.clear();
    board.unmark();
    board.add(shares([[2, 1]]), 1, true);
    expect(board.best(5)).toEqual([{ rowid: 2, score: 1 }]);
  });
});
