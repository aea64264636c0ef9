/** Readers for the queries and relevance judgments of a BEIR folder (queries.jsonl, qrels/<split>.tsv). */
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { GalenError } from "../galen-error.ts";
import type { Qrels } from "./metrics.ts";

/** Streams a text file's lines with their 1-based numbers, so large files never sit in memory whole. */
async function* numberedLines(file: string): AsyncGenerator<[lineNumber: number, line: string]> {
  const input = createReadStream(file, { encoding: "utf8" });
  try {
    // Surfaces a missing file here, as a rejected promise, rather than as an unhandled stream error.
    await once(input, "ready");
    let lineNumber = 0;
    for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      lineNumber += 1;
      yield [lineNumber, lineNumber === 1 ? line.replace(/^\uFEFF/, "") : line];
    }
  } finally {
    input.destroy();
  }
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === "ENOENT";
}

function lineError(file: string, lineNumber: number, problem: string, cause?: unknown): GalenError {
  return new GalenError(`${file} line ${lineNumber}: ${problem}`, 1, { cause });
}

/** Reads queries.jsonl: one `{"_id": "...", "text": "..."}` object a line. As in BEIR, a repeated id keeps its last text. */
export async function readBeirQueries(folder: string): Promise<Map<string, string>> {
  const file = join(folder, "queries.jsonl");
  const queries = new Map<string, string>();
  try {
    for await (const [lineNumber, line] of numberedLines(file)) {
      if (line.trim() === "") continue;
      const [id, text] = parseQueryLine(file, lineNumber, line);
      queries.set(id, text);
    }
  } catch (error) {
    if (isMissingFile(error)) {
      throw new GalenError(`${file} not found; is ${folder} a BEIR folder?`, 1, { cause: error });
    }
    throw error;
  }
  return queries;
}

function parseQueryLine(file: string, lineNumber: number, line: string): [id: string, text: string] {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw lineError(file, lineNumber, `not valid JSON (${(error as Error).message})`, error);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw lineError(file, lineNumber, 'expected a JSON object like {"_id": "...", "text": "..."}');
  }
  const { _id: id, text } = value as Record<string, unknown>;
  if (typeof id !== "string" || id === "") {
    throw lineError(file, lineNumber, '"_id" is missing or not a non-empty string');
  }
  if (typeof text !== "string") {
    throw lineError(file, lineNumber, `"text" is missing or not a string (query ${id})`);
  }
  return [id, text];
}

/**
 * Reads qrels/<split>.tsv: `query-id<TAB>corpus-id<TAB>score` lines with an integer score, after an optional header.
 * As in BEIR, a repeated (query, document) pair keeps its last score.
 */
export async function readBeirQrels(folder: string, split: string): Promise<Qrels> {
  const file = join(folder, "qrels", `${split}.tsv`);
  const qrels: Qrels = new Map();
  try {
    for await (const [lineNumber, line] of numberedLines(file)) {
      if (line.trim() === "") continue;
      const judgment = parseJudgmentLine(file, lineNumber, line);
      if (judgment === undefined) continue;
      const [queryId, docId, grade] = judgment;
      let judgments = qrels.get(queryId);
      if (judgments === undefined) {
        judgments = new Map();
        qrels.set(queryId, judgments);
      }
      judgments.set(docId, grade);
    }
  } catch (error) {
    if (isMissingFile(error)) throw await missingSplitError(folder, file, error);
    throw error;
  }
  return qrels;
}

const integerPattern = /^[+-]?\d+$/;

/** Returns undefined for the header line. */
function parseJudgmentLine(
  file: string,
  lineNumber: number,
  line: string,
): [queryId: string, docId: string, grade: number] | undefined {
  const fields = line.split("\t").map((field) => field.trim());
  const [queryId, docId, score] = fields;
  if (fields.length !== 3 || queryId === undefined || docId === undefined || score === undefined) {
    throw lineError(
      file,
      lineNumber,
      `expected 3 tab-separated fields (query-id, corpus-id, score), found ${fields.length}`,
    );
  }
  // A first line whose score is not a number is the header ("query-id\tcorpus-id\tscore" in BEIR's files).
  if (!integerPattern.test(score)) {
    if (lineNumber === 1) return undefined;
    throw lineError(file, lineNumber, `score "${score}" is not an integer`);
  }
  if (queryId === "" || docId === "") throw lineError(file, lineNumber, "empty query-id or corpus-id");
  return [queryId, docId, Number.parseInt(score, 10)];
}

async function missingSplitError(folder: string, file: string, cause: unknown): Promise<GalenError> {
  const qrelsFolder = join(folder, "qrels");
  let entries: string[];
  try {
    entries = await readdir(qrelsFolder);
  } catch {
    return new GalenError(`${file} not found; ${folder} has no qrels folder`, 1, { cause });
  }
  const splits = entries
    .filter((name) => name.endsWith(".tsv"))
    .map((name) => name.slice(0, -".tsv".length))
    .sort();
  const available =
    splits.length > 0 ? `this folder has splits: ${splits.join(", ")}` : `${qrelsFolder} has no .tsv splits`;
  return new GalenError(`${file} not found; ${available}`, 1, { cause });
}
