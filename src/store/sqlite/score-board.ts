import type { Shares } from "./word-index.ts";

export interface ScoredRow {
  rowid: number;
  score: number;
}

/**
 * Per-document score sums for one query, in arrays indexed by rowid (reused from query to query, so a query
 * allocates nothing per document), with a mark per rowid for the documents a stand-in term must skip.
 */
export class ScoreBoard {
  private sums = new Float64Array(0);
  private marks = new Uint32Array(0);
  private mark = 1;
  private touched = new Int32Array(1024);
  private touchedCount = 0;

  /**
   * Adds `weight` times each document's share (shares are positive), skipping the documents marked since the last
   * `unmark` when asked to.
   */
  add(term: Shares, weight: number, skipMarked = false): void {
    const { rowids, shares, count } = term;
    this.fit(rowids, count);
    if (this.touched.length < this.touchedCount + count) this.growTouched(this.touchedCount + count);
    const { sums, marks, mark, touched } = this;
    let touchedCount = this.touchedCount;
    for (let i = 0; i < count; i++) {
      const rowid = rowids[i] as number;
      if (skipMarked && marks[rowid] === mark) continue;
      const sum = sums[rowid] as number;
      if (sum === 0) touched[touchedCount++] = rowid;
      sums[rowid] = sum + weight * (shares[i] as number);
    }
    this.touchedCount = touchedCount;
  }

  /** Forgets every mark. */
  unmark(): void {
    this.mark++;
  }

  /** Marks the documents of a term. */
  markAll(term: Shares): void {
    this.fit(term.rowids, term.count);
    for (let i = 0; i < term.count; i++) this.marks[term.rowids[i] as number] = this.mark;
  }

  /** The `count` best documents, best first (ties by rowid), with their sums. */
  best(count: number): ScoredRow[] {
    const heap = new MinHeap(count);
    for (let i = 0; i < this.touchedCount; i++) {
      const rowid = this.touched[i] as number;
      heap.offer(rowid, this.sums[rowid] as number);
    }
    return heap.drain();
  }

  /** Zeroes the sums touched, ready for the next query. */
  clear(): void {
    for (let i = 0; i < this.touchedCount; i++) this.sums[this.touched[i] as number] = 0;
    this.touchedCount = 0;
  }

  private growTouched(size: number): void {
    const touched = new Int32Array(Math.max(size, this.touched.length * 2));
    touched.set(this.touched.subarray(0, this.touchedCount));
    this.touched = touched;
  }

  private fit(rowids: Int32Array, count: number): void {
    let largest = 0;
    for (let i = 0; i < count; i++) if ((rowids[i] as number) > largest) largest = rowids[i] as number;
    if (largest < this.sums.length) return;
    const size = Math.max(largest + 1, this.sums.length * 2);
    const sums = new Float64Array(size);
    sums.set(this.sums);
    const marks = new Uint32Array(size);
    marks.set(this.marks);
    this.sums = sums;
    this.marks = marks;
  }
}

/** Keeps the `capacity` best (score, rowid) pairs seen; the worst kept is at the root. */
class MinHeap {
  private readonly rowids: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.rowids = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  offer(rowid: number, score: number): void {
    if (this.capacity === 0) return;
    if (this.size < this.capacity) {
      this.rowids[this.size] = rowid;
      this.scores[this.size] = score;
      this.up(this.size++);
    } else if (this.before(score, rowid, 0)) {
      this.rowids[0] = rowid;
      this.scores[0] = score;
      this.down(0);
    }
  }

  drain(): ScoredRow[] {
    const rows = Array.from({ length: this.size }, (_, i) => ({
      rowid: this.rowids[i] as number,
      score: this.scores[i] as number,
    }));
    return rows.sort((a, b) => b.score - a.score || a.rowid - b.rowid);
  }

  /** Whether (score, rowid) ranks above the pair at `i`: a higher score, or the same score and a lower rowid. */
  private before(score: number, rowid: number, i: number): boolean {
    const other = this.scores[i] as number;
    return score > other || (score === other && rowid < (this.rowids[i] as number));
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.scores[parent] as number, this.rowids[parent] as number, i)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      let worst = i;
      for (const child of [2 * i + 1, 2 * i + 2]) {
        if (
          child < this.size &&
          !this.before(this.scores[child] as number, this.rowids[child] as number, worst)
        ) {
          worst = child;
        }
      }
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(a: number, b: number): void {
    const rowid = this.rowids[a] as number;
    const score = this.scores[a] as number;
    this.rowids[a] = this.rowids[b] as number;
    this.scores[a] = this.scores[b] as number;
    this.rowids[b] = rowid;
    this.scores[b] = score;
  }
}
