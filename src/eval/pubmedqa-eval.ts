import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { type Answer, answerStatements, VERDICTS } from "../answer/answer.ts";
import type { AskOptions } from "../answer/ask-question.ts";
import { type Readability, readability } from "../audience/readability.ts";
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
  /** Mean grade of the answers' text for each reader (with --readability); "claims" leaves out Galen's own framing. */
  readability?: { physician: Grades; patient: Grades; patientClaims: Grades };
}

export interface Grades {
  fleschKincaid: number;
  colemanLiau: number;
}

/** Answers every question over the store and measures what PubMedQA can tell about the answers. */
export async function runPubmedQa(
  store: CorpusStore,
  questions: readonly PubmedQaQuestion[],
  options: AskOptions & { onProgress?: (done: number, total: number) => void; readability?: boolean },
): Promise<PubmedQaReport> {
  // Loaded when run: the CLI defines this command at every start, and the answer pipeline is heavy.
  const { askQuestion } = await import("../answer/ask-question.ts");
  const latencies: number[] = [];
  const report = {
    questions: questions.length,
    ownAbstractCited: 0,
    ownAbstractRetrieved: 0,
    statementsChecked: 0,
    statementsSupported: 0,
    insufficientAnswers: 0,
  };
  const grades = {
    physician: [] as Readability[],
    patient: [] as Readability[],
    patientClaims: [] as Readability[],
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
    if (options.readability) {
      const patient = await askQuestion(store, question.question, { ...options, audience: "patient" });
      grades.physician.push(readability(answerText(answer, true)));
      grades.patient.push(readability(answerText(patient, true)));
      grades.patientClaims.push(readability(answerText(patient, false)));
    }
    options.onProgress?.(index + 1, questions.length);
  }
  return {
    ...report,
    ...(verdicts > 0 ? { verdictAccuracy: correctVerdicts / questions.length } : {}),
    latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
    ...(options.readability
      ? {
          readability: {
            physician: meanGrades(grades.physician),
            patient: meanGrades(grades.patient),
            patientClaims: meanGrades(grades.patientClaims),
          },
        }
      : {}),
  };
}

/** What a reader reads: the bottom line and the sections' statements, with or without Galen's framing. */
function answerText(answer: Answer, withFraming: boolean): string {
  return answerStatements(answer)
    .filter((statement) => withFraming || statement.kind === "claim")
    .map((statement) => statement.text)
    .join("\n");
}

function meanGrades(values: readonly Readability[]): Grades {
  const graded = values.filter((value) => value.words > 0);
  const mean = (pick: (value: Readability) => number) =>
    Math.round((10 * graded.reduce((sum, value) => sum + pick(value), 0)) / Math.max(1, graded.length)) / 10;
  return {
    fleschKincaid: mean((value) => value.fleschKincaidGrade),
    colemanLiau: mean((value) => value.colemanLiauGrade),
  };
}

function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}
