/** One query term as the threshold algorithm sees it: its weight and the impact lists that bound its score. */
export interface BoundedTerm {
  /** What the term's score is multiplied by (clause weight × IDF). */
  weight: number;
  /**
   * The impact lists (one per word) whose impacts bound the term's own: a single word has one; a phrase scores no
   * more than any of its words, so its bound is the least of its words' lists.
   */
  lists: readonly string[];
}

/** A stored impact: how much `list`'s word can give document `id` at most, before the term's weight. */
export interface Posting {
  list: string;
  id: string;
  impact: number;
}

/** Where reading a list resumes: after this posting (impact descending, then id ascending). */
export interface ListCursor {
  impact: number;
  id: string;
}

export interface ImpactSource {
  /** Each asked list's next postings after `after` (from its start without), highest impact first, `limit` at most. */
  read(requests: ReadonlyArray<{ list: string; after?: ListCursor; limit: number }>): Promise<Posting[]>;
  /** The exact scores of these documents; a document left out (retracted, say) is missing from the map. */
  score(ids: readonly string[]): Promise<Map<string, number>>;
}

export interface ThresholdOptions {
  limit: number;
  /**
   * How far a stored impact may fall short of the exact score it bounds (≥ 1): stored impacts are computed with
   * fixed field weights and a fixed average length, and the exact score may use others.
   */
  slack: number;
  /** Postings read from each list in the first round; a list read again gets as many as it has given so far. */
  firstBlock?: number;
  /**
   * No list is read past this depth (default: no limit): a cut list's unread postings count as nothing, so the
   * ranking is then exact only among the documents read.
   */
  maxDepth?: number;
}

export interface ThresholdResult {
  hits: Array<{ id: string; score: number }>;
  /** Postings read in all, and rounds of reading. */
  read: number;
  rounds: number;
  /** False when a list was cut at maxDepth before the bound was met. */
  exact: boolean;
}

const FIRST_BLOCK = 100;

interface ListState {
  read: number;
  /** The last posting read: no unread posting of this list has a higher impact. */
  after?: ListCursor;
  /** Read to its end; or cut at the depth cap, after which its unread postings are taken to be nothing. */
  done: boolean;
  cut: boolean;
}

/**
 * Top-k by Fagin's threshold algorithm over impact-ordered lists, with the pruning of its no-random-access
 * variant. Each round reads the next postings of every list not read to its end (as many as it gave so far, so
 * a list's reads double). A document read somewhere has an upper bound: the
 * impacts read for it, and for lists where it was not read yet, the lowest impact read there. Documents are
 * scored exactly in the order of their bounds, and only while a bound beats the k-th exact score; the search
 * stops once no document read, and no document unread (bounded by the lowest impacts of all lists), can beat it.
 * A query scores a few dozen to a few hundred documents instead of every document holding one of its words; its
 * reading is what grows with the corpus (long queries of common words read deepest: the bound is a sum over words).
 */
export async function thresholdTopK(
  terms: readonly BoundedTerm[],
  source: ImpactSource,
  options: ThresholdOptions,
): Promise<ThresholdResult> {
  const lists = new Map<string, ListState>(
    terms.flatMap((term) => term.lists).map((list) => [list, { read: 0, done: false, cut: false }]),
  );
  const scores = new Map<string, number>();
  /** Documents scored, or found to be no hit (left out by the source, or bounded below the k-th score). */
  const settled = new Set<string>();
  /** Documents read but not scored yet, with the impacts read for them. */
  const pending = new Map<string, Map<string, number>>();
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const firstBlock = options.firstBlock ?? FIRST_BLOCK;
  let read = 0;
  let rounds = 0;
  for (;;) {
    const open = listsToRead(lists);
    if (open.length === 0) break;
    rounds++;
    const asked = open.map(([list, state]) => ({
      list,
      ...(state.after ? { after: state.after } : {}),
      limit: Math.min(Math.max(firstBlock, state.read), maxDepth - state.read),
    }));
    const postings = await source.read(asked);
    read += postings.length;
    advanceLists(lists, asked, postings, maxDepth);
    for (const posting of postings) {
      if (settled.has(posting.id)) continue;
      const impacts = pending.get(posting.id) ?? new Map<string, number>();
      impacts.set(posting.list, posting.impact);
      pending.set(posting.id, impacts);
    }
    const exhausted = listsToRead(lists).length === 0;
    await scorePromising(terms, lists, { pending, scores, settled }, source, options, exhausted);
    if (pending.size === 0 && kthScore(scores, options.limit) >= unreadBound(terms, lists) * options.slack)
      break;
  }
  const hits = [...scores]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, options.limit);
  return { hits, read, rounds, exact: ![...lists.values()].some((state) => state.cut) };
}

/** The lists not yet read to their end (or to the depth cap). */
function listsToRead(lists: ReadonlyMap<string, ListState>): Array<[string, ListState]> {
  return [...lists].filter(([, state]) => !state.done);
}

/**
 * Scores pending documents exactly, best bound first, a batch at a time, while their bounds beat the k-th score;
 * drops those whose bound no longer can (bounds only fall and the k-th score only rises, so they never could).
 * Reading is far cheaper than scoring, so while lists remain to be read only one batch is scored a round: the
 * next round's lower impacts tighten the bounds of the rest.
 */
async function scorePromising(
  terms: readonly BoundedTerm[],
  lists: ReadonlyMap<string, ListState>,
  state: {
    pending: Map<string, Map<string, number>>;
    scores: Map<string, number>;
    settled: Set<string>;
  },
  source: ImpactSource,
  options: ThresholdOptions,
  exhausted: boolean,
): Promise<void> {
  const { pending, scores, settled } = state;
  const batch = Math.max(options.limit, 16);
  for (let scored = 0; exhausted || scored === 0; scored++) {
    const kth = kthScore(scores, options.limit);
    const bounded = [...pending]
      .map(([id, impacts]) => ({ id, bound: documentBound(terms, lists, impacts) * options.slack }))
      .filter((candidate) => {
        if (candidate.bound > kth) return true;
        pending.delete(candidate.id);
        settled.add(candidate.id);
        return false;
      })
      .sort((a, b) => b.bound - a.bound);
    if (bounded.length === 0) return;
    const next = bounded.slice(0, batch).map((candidate) => candidate.id);
    for (const id of next) {
      pending.delete(id);
      settled.add(id);
    }
    for (const [id, score] of await source.score(next)) scores.set(id, score);
  }
}

/** Moves each list past what was read; a list that gave fewer postings than asked has none left. */
function advanceLists(
  lists: ReadonlyMap<string, ListState>,
  asked: ReadonlyArray<{ list: string; limit: number }>,
  postings: readonly Posting[],
  maxDepth: number,
): void {
  const byList = new Map<string, Posting[]>();
  for (const posting of postings) {
    const group = byList.get(posting.list) ?? [];
    group.push(posting);
    byList.set(posting.list, group);
  }
  for (const { list, limit } of asked) {
    const state = lists.get(list);
    if (!state) continue;
    const got = byList.get(list) ?? [];
    state.read += got.length;
    const lastPosting = got.at(-1);
    if (lastPosting) {
      state.after = { impact: lastPosting.impact, id: lastPosting.id };
    }
    if (got.length < limit) state.done = true;
    else if (state.read >= maxDepth) {
      state.done = true;
      state.cut = true;
    }
  }
}

/** The most a document not yet read in any list could score (before the slack). */
function unreadBound(terms: readonly BoundedTerm[], lists: ReadonlyMap<string, ListState>): number {
  return documentBound(terms, lists, new Map());
}

/**
 * The most a document could score (before the slack), given the impacts read for it: a list where it was not read
 * bounds it by the lowest impact read there, or by nothing once the list is read to its end.
 */
function documentBound(
  terms: readonly BoundedTerm[],
  lists: ReadonlyMap<string, ListState>,
  impacts: ReadonlyMap<string, number>,
): number {
  let bound = 0;
  for (const term of terms) {
    let least = Number.POSITIVE_INFINITY;
    for (const list of term.lists) {
      const state = lists.get(list);
      const impact =
        impacts.get(list) ??
        (state === undefined || state.done ? 0 : (state.after?.impact ?? Number.POSITIVE_INFINITY));
      if (impact < least) least = impact;
    }
    bound += term.weight * least;
  }
  return bound;
}

/** The k-th best exact score so far, or −∞ while fewer than k documents have one. */
function kthScore(scores: ReadonlyMap<string, number>, k: number): number {
  if (scores.size < k) return Number.NEGATIVE_INFINITY;
  return [...scores.values()].sort((a, b) => b - a)[k - 1] ?? Number.NEGATIVE_INFINITY;
}
