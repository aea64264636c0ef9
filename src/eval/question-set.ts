import { readFile } from "node:fs/promises";
import { z } from "zod";
import { GalenError } from "../galen-error.ts";
import type { Qrels } from "./metrics.ts";

/** A question written as people ask it, aimed at one known document of the corpus. */
const QuestionLine = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  target: z.string().regex(/^[a-z][a-z0-9-]*:\S+$/),
  kinds: z.array(z.string()).default([]),
});
export type TargetedQuestion = z.infer<typeof QuestionLine>;

/** Reads a JSONL question set (id, question, target document id, kinds). */
export async function readQuestionSet(path: string): Promise<TargetedQuestion[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new GalenError(`${path}: cannot read the question set. Check the path.`);
  }
  return text
    .split("\n")
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== "")
    .map(({ line, number }) => {
      const parsed = QuestionLine.safeParse(safeJson(line));
      if (!parsed.success) {
        throw new GalenError(`${path} line ${number}: needs "id", "question" and "target" (a document id).`);
      }
      return parsed.data;
    });
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** The set as BEIR-style queries and judgments, so the same runner and metrics apply. */
export function questionSetAsBeir(questions: readonly TargetedQuestion[]): {
  queries: Map<string, string>;
  qrels: Qrels;
} {
  return {
    queries: new Map(questions.map((question) => [question.id, question.question])),
    qrels: new Map(questions.map((question) => [question.id, new Map([[question.target, 1]])])),
  };
}
