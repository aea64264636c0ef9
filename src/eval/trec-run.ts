/** The TREC run format (`<qid> Q0 <docid> <rank> <score> <tag>`), read by trec_eval and most IR tooling. */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GalenError } from "../galen-error.ts";
import type { Run, ScoredDocument } from "./metrics.ts";
import { compareQueryIds, rankedResults } from "./metrics.ts";

const whitespace = /\s/;

/** Checks everything up front, so a bad id never leaves a half-written run file behind. */
function assertWritable(run: Run, tag: string): void {
  if (tag === "" || whitespace.test(tag)) throw new RangeError(`TREC run tag must be one word, got "${tag}"`);
  for (const [queryId, results] of run) {
    if (queryId === "" || whitespace.test(queryId)) {
      throw new RangeError(`query id "${queryId}" cannot be written to a TREC run (empty or has whitespace)`);
    }
    for (const { docId, score } of results) {
      if (docId === "" || whitespace.test(docId)) {
        throw new RangeError(`document id "${docId}" (query ${queryId}) cannot be written to a TREC run`);
      }
      if (!Number.isFinite(score)) {
        throw new RangeError(`score ${score} of ${docId} (query ${queryId}) is not finite`);
      }
    }
  }
}

/** Up to 6 decimals, trailing zeros dropped: 12.3456789 → "12.345679", 2.5 → "2.5", 3 → "3". */
function formatScore(score: number): string {
  return String(Number(score.toFixed(6)));
}

function* trecRunLines(run: Run, tag: string): Generator<string> {
  for (const queryId of [...run.keys()].sort(compareQueryIds)) {
    const ranked = rankedResults(run.get(queryId) ?? []);
    for (const [index, { docId, score }] of ranked.entries()) {
      yield `${queryId} Q0 ${docId} ${index + 1} ${formatScore(score)} ${tag}\n`;
    }
  }
}

/** One line per result, queries in natural id order, each ranked as trec_eval ranks it (score, then doc id). */
export function formatTrecRun(run: Run, tag: string): string {
  assertWritable(run, tag);
  return [...trecRunLines(run, tag)].join("");
}

/** Writes the run line by line, so a large run is never held in memory as one string. */
export async function writeTrecRun(path: string, run: Run, tag: string): Promise<void> {
  assertWritable(run, tag);
  await pipeline(Readable.from(trecRunLines(run, tag)), createWriteStream(path));
}

/** Reads a TREC run back; results keep the file's order (trec_eval ranks by score anyway, not by the rank column). */
export function parseTrecRun(text: string): Run {
  const run: Run = new Map();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    const [queryId, result] = parseRunLine(line, index + 1);
    let results = run.get(queryId);
    if (results === undefined) {
      results = [];
      run.set(queryId, results);
    }
    results.push(result);
  });
  return run;
}

function parseRunLine(line: string, lineNumber: number): [queryId: string, result: ScoredDocument] {
  const fields = line.trim().split(/\s+/);
  const problem = (what: string) => new GalenError(`TREC run line ${lineNumber}: ${what}`);
  if (fields.length !== 6)
    throw problem(`expected 6 fields (qid Q0 docid rank score tag), found ${fields.length}`);
  const [queryId = "", , docId = "", rank = "", score = ""] = fields;
  if (!/^\d+$/.test(rank)) throw problem(`rank "${rank}" is not a whole number`);
  const value = Number(score);
  if (!Number.isFinite(value)) throw problem(`score "${score}" is not a number`);
  return [queryId, { docId, score: value }];
}
