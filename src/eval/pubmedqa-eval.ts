import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { VERDICTS } from "../answer/answer.ts";
import { type AskOptions, askQuestion } from "../answer/ask-question.ts";
import { GalenError } from "../galen-error.ts";
import type { CorpusStore } from "../store/corpus-store.ts";

type Verdict = (typeof VERDICTS)[number];

/** A PubMedQA question: the title of its own article, which holds the answer, and the experts' verdict. */
export interface PubmedQaQuestion {
  pmid: string;
  question: string;
  verdict: Verdict;
}

export const PUBMEDQA_SPLITS = ["test", "train", "all"] as const;
export type PubmedQaSplit = (typeof PUBMEDQA_SPLITS)[number];

const Record = z.object({ QUESTION: z.string().min(1), final_decision: z.enum(VERDICTS) });

/**
 * The expert-labelled questions of a PubMedQA folder (ori_pqal.json). The official test split is the 500 PMIDs of
 * test_ground_truth.json; "train" is the other 500.
 */
export async function readPubmedQaQuestions(
  folder: string,
  split: PubmedQaSplit,
): Promise<PubmedQaQuestion[]> {
  const records = z.record(z.string(), Record).parse(await readJson(join(folder, "ori_pqal.json")));
  const test = new Set(
    split === "all"
      ? []
      : Object.keys(
          z.record(z.string(), z.string()).parse(await readJson(join(folder, "test_ground_truth.json"))),
        ),
  );
  return Object.entries(records)
    .filter(([pmid]) => split === "all" || (split === "test") === test.has(pmid))
    .map(([pmid, record]) => ({ pmid, question: record.QUESTION, verdict: record.final_decision }));
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new GalenError(
      `Cannot read ${path} (${(error as NodeJS.ErrnoException).code}). Give the PubMedQA folder that holds ori_pqal.json and test_ground_truth.json.`,
      2,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new GalenError(`${path} is not valid JSON. Re-download PubMedQA.`, 2);
  }
}

export interface PubmedQaReport {
  questions: number;
  /** Answers whose references include the question's own article. */
  ownAbstractCited: number;
  /** Answers whose retrieved evidence includes it (cited or not). */
  ownAbstractRetrieved: number;
  /** Statements verified as supported by their cited sources, of all statements checked. */
  statementsChecked: number;
  statementsSupported: number;
  insufficientAnswers: number;
  /** Share of questions whose verdict matched the experts', when the composer gives verdicts (a model does). */
  verdictAccuracy?: number;
  latencyMs: { p50: number; p95: number };
}

/** Answers every question over the store and measures what PubMedQA can tell about the answers. */
export async function runPubmedQa(
  store: CorpusStore,
  questions: readonly PubmedQaQuestion[],
  options: AskOptions & { onProgress?: (done: number, total: number) => void },
): Promise<PubmedQaReport> {
  const latencies: number[] = [];
  const report = {
    questions: questions.length,
    ownAbstractCited: 0,
    ownAbstractRetrieved: 0,
    statementsChecked: 0,
    statementsSupported: 0,
    insufficientAnswers: 0,
  };
  let verdicts = 0;
  let correctVerdicts = 0;
  for (const [index, question] of questions.entries()) {
    const started = performance.now();
    const answer = await askQuestion(store, question.question, options);
    latencies.push(performance.now() - started);
    const own = `pubmed:${question.pmid}`;
    if (answer.references.some((reference) => reference.id === own)) report.ownAbstractCited++;
    if (answer.retrieval.evidence.some((item) => item.id === own)) report.ownAbstractRetrieved++;
    report.statementsChecked += answer.verification.checked;
    report.statementsSupported += answer.verification.supported;
    if (answer.insufficientEvidence) report.insufficientAnswers++;
    const verdict = answer.verdict;
    if (verdict !== undefined) {
      verdicts++;
      if (verdict === question.verdict) correctVerdicts++;
    }
    options.onProgress?.(index + 1, questions.length);
  }
  return {
    ...report,
    ...(verdicts > 0 ? { verdictAccuracy: correctVerdicts / questions.length } : {}),
    latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
  };
}

function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}
