import Database from "better-sqlite3";
import { fts5MatchExpression } from "../src/store/sqlite/fts5-match.ts";
import { summarize } from "./measure.ts";

/**
 * What FTS5 spends per matching document: walking a word's matches, and scoring them with bm25(). Search time is
 * roughly the matches its clauses score times the second figure, which is why it is reported beside the latencies.
 */
export interface Fts5Costs {
  /** Words measured: spread evenly over the words found in 1–50% of the documents. */
  words: number;
  /** Median over the words of µs per match: `count(*)` of the matches. */
  walkMicrosPerMatch: number;
  /** Median over the words of µs per match: the best 200 by weighted bm25(), as Galen's search asks. */
  scoreMicrosPerMatch: number;
  /** Documents matched by the words measured: the median and the largest. */
  matches: { median: number; max: number };
}

const WORDS = 24;
const REPEATS = 5;

/** Times both statements on a sample of the index's words, after one untimed run of each (to warm the page cache). */
export function measureFts5Costs(path: string): Fts5Costs {
  const db = new Database(path, { readonly: true });
  try {
    const documents = (db.prepare("SELECT count(*) FROM documents").pluck().get() as number) || 1;
    db.exec("CREATE VIRTUAL TABLE temp.index_words USING fts5vocab(main, documents_fts, row)");
    const words = db
      .prepare("SELECT term, doc FROM temp.index_words WHERE doc BETWEEN ? AND ? ORDER BY doc")
      .all(Math.ceil(documents * 0.01), Math.floor(documents * 0.5)) as Array<{ term: string; doc: number }>;
    const step = Math.max(1, Math.floor(words.length / WORDS));
    const sample = words.filter((_, index) => index % step === 0).slice(0, WORDS);
    const walk = db.prepare("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?");
    const score = db.prepare(
      "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts, 3, 1, 1, 1) LIMIT 200",
    );
    const perMatch = (statement: Database.Statement, word: { term: string; doc: number }) => {
      const match = fts5MatchExpression([word.term]) ?? "";
      statement.all(match);
      const started = performance.now();
      for (let run = 0; run < REPEATS; run++) statement.all(match);
      return ((performance.now() - started) * 1000) / REPEATS / word.doc;
    };
    const counts = summarize(sample.map((word) => word.doc));
    return {
      words: sample.length,
      walkMicrosPerMatch: summarize(sample.map((word) => perMatch(walk, word))).p50,
      scoreMicrosPerMatch: summarize(sample.map((word) => perMatch(score, word))).p50,
      matches: { median: counts.p50, max: counts.max },
    };
  } finally {
    db.close();
  }
}
