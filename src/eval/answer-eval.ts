import { readFile } from "node:fs/promises";
import { z } from "zod";
import { type Answer, answerStatements, type Statement } from "../answer/answer.ts";
import type { AskOptions } from "../answer/ask-question.ts";
import type { EvidenceDocument } from "../evidence/index.ts";
import { GalenError } from "../galen-error.ts";
import type { CorpusStore } from "../store/corpus-store.ts";
import { quotedStudyDescription, type StudyDescriptionReason } from "./study-description.ts";

/**
 * The answer evaluation: clinical questions as clinicians and patients ask them, each with the documents of the
 * corpus that answer it (its gold) or none (the corpus does not answer it, and the right answer is a refusal).
 * Every question goes through `askQuestion`, and the answers are measured: answered or refused, gold cited, gold in
 * the bottom line, claims without a citation, statements that quote a study's methods rather than its findings.
 */

export const ASKERS = ["clinician", "patient"] as const;
export type Asker = (typeof ASKERS)[number];

export const CLINICAL_QUESTION_KINDS = ["treatment", "diagnosis", "prognosis", "harm", "comparison"] as const;
export type ClinicalQuestionKind = (typeof CLINICAL_QUESTION_KINDS)[number];

export const HALVES = ["tuning", "held-out"] as const;
export type Half = (typeof HALVES)[number];
export type HalfChoice = Half | "all";

const DOCUMENT_ID = /^[a-z][a-z0-9-]*:\S+$/;

/** One line of a question set. `gold: []` marks a question the corpus does not answer. */
export const ClinicalQuestion = z
  .object({
    id: z.string().min(1),
    question: z.string().trim().min(1),
    asker: z.enum(ASKERS),
    kind: z.enum(CLINICAL_QUESTION_KINDS),
    gold: z.array(z.string().regex(DOCUMENT_ID, 'a document id such as "scifact:123" or "pubmed:456"')),
    /** Who the asker is and what they face, as the question's writer imagined it (not given to Galen). */
    situation: z.string().min(1),
    half: z.enum(HALVES),
    /** Set once a person has checked the gold against the documents (true, or who and when). */
    checked: z.union([z.boolean(), z.string().min(1)]).optional(),
  })
  .strict();
export type ClinicalQuestion = z.infer<typeof ClinicalQuestion>;

/** Reads question sets (JSONL, one question a line); an error names the file, the line and what is wrong. */
export async function readClinicalQuestions(paths: readonly string[]): Promise<ClinicalQuestion[]> {
  if (paths.length === 0) throw new GalenError("Give at least one question set (a .jsonl file).", 2);
  const questions: ClinicalQuestion[] = [];
  const seen = new Map<string, string>();
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      throw new GalenError(
        `${path}: cannot read the question set (${(error as NodeJS.ErrnoException).code ?? "unreadable"}). Check the path.`,
        2,
      );
    }
    const before = questions.length;
    for (const [index, line] of text
      .replace(/^\uFEFF/, "")
      .split("\n")
      .entries()) {
      if (line.trim() === "") continue;
      const where = `${path} line ${index + 1}`;
      const question = parseLine(line, where);
      const earlier = seen.get(question.id);
      if (earlier !== undefined) {
        throw new GalenError(`${where}: id "${question.id}" is used again (first at ${earlier}).`, 2);
      }
      seen.set(question.id, where);
      questions.push(question);
    }
    if (questions.length === before) throw new GalenError(`${path}: holds no questions.`, 2);
  }
  return questions;
}

function parseLine(line: string, where: string): ClinicalQuestion {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new GalenError(`${where}: not valid JSON (${(error as Error).message}).`, 2);
  }
  const parsed = ClinicalQuestion.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? `"${issue.path.join(".")}"` : "the line";
    return `${field}: ${issue.message}`;
  });
  const id =
    typeof json === "object" && json !== null && "id" in json ? ` (id ${JSON.stringify(json.id)})` : "";
  throw new GalenError(
    `${where}${id}: ${problems.join("; ")}. A line holds id, question, asker (${ASKERS.join("|")}), kind (${CLINICAL_QUESTION_KINDS.join("|")}), gold (document ids, [] when the corpus does not answer it), situation, half (${HALVES.join("|")}) and optionally checked.`,
    2,
  );
}

/** The questions of one half, or all. */
export function questionsOfHalf(
  questions: readonly ClinicalQuestion[],
  half: HalfChoice,
): ClinicalQuestion[] {
  return half === "all" ? [...questions] : questions.filter((question) => question.half === half);
}

/** A claim statement that quotes a sentence describing a study rather than its findings. */
export interface MethodsQuote {
  statement: string;
  document: string;
  reason: StudyDescriptionReason;
}

/** What one answer did. */
export interface QuestionOutcome {
  id: string;
  question: string;
  asker: Asker;
  kind: ClinicalQuestionKind;
  half: Half;
  gold: string[];
  offCorpus: boolean;
  /** The kind Galen typed the question as (its own kinds: "harm" is "etiology" there, and so on). */
  typedAs: Answer["questionType"];
  /** The answer says the evidence is insufficient. */
  refused: boolean;
  /** The first statement of the bottom line: the refusal's framing, or the answer's first claim. */
  firstStatement: string;
  /** An answer (not a refusal) whose references include a gold document. */
  goldCited: boolean;
  /** An answer whose bottom line has a statement citing a gold document. */
  goldInBottomLine: boolean;
  /** The best rank of a gold document among the evidence retrieved, when one was retrieved. */
  goldRank?: number;
  retrieved: number;
  references: number;
  claims: number;
  claimsWithoutCitation: number;
  methodsQuotes: MethodsQuote[];
  askMs: number;
}

export interface Share {
  count: number;
  of: number;
  /** count / of, or null when there is nothing to take a share of. */
  share: number | null;
}

export interface AnswerMetrics {
  questions: number;
  answerable: number;
  offCorpus: number;
  /** Answerable questions answered (not refused). */
  answered: Share;
  /** Answerable questions with a gold document among the evidence retrieved. */
  goldRetrieved: Share;
  /** Answerable questions answered with a gold document among the references. */
  goldCited: Share;
  /** Answerable questions whose bottom line cites a gold document. */
  goldInBottomLine: Share;
  /** Off-corpus questions refused. */
  offCorpusRefused: Share;
  /** Claim statements without a citation, across all answers (must be 0). */
  claimsWithoutCitation: number;
  /** Claim statements, across all answers, that quote a cited document's methods, objective or design. */
  methodsQuotes: number;
  claims: number;
  /** Median references of the answered answerable questions. */
  medianSourcesCited: number | null;
  /** Answered answerable questions citing two or more sources. */
  answeredWithTwoSources: Share;
  askMs: { p50: number; p95: number };
}

export interface GroupReport extends AnswerMetrics {
  byAsker: Partial<Record<Asker, AnswerMetrics>>;
  byKind: Partial<Record<ClinicalQuestionKind, AnswerMetrics>>;
}

export interface AnswerFailure {
  id: string;
  question: string;
  half: Half;
  asker: Asker;
  kind: ClinicalQuestionKind;
  refused: boolean;
  firstStatement: string;
  gold: string[];
  goldRank?: number;
  retrieved: number;
}

export interface AnswerEvalReport {
  questions: number;
  overall: GroupReport;
  halves: Partial<Record<Half, GroupReport>>;
  /** Gold ids the store does not hold: such a question cannot be answered as its writer meant. */
  goldMissing: { id: string; questions: string[] }[];
  failures?: {
    /** Answerable questions refused or answered without citing gold. */
    answerable: AnswerFailure[];
    /** Off-corpus questions answered. */
    offCorpus: AnswerFailure[];
    /** Claim statements quoting a study's description. */
    methodsQuotes: (MethodsQuote & { id: string })[];
  };
  results: QuestionOutcome[];
}

export interface AnswerEvalOptions extends AskOptions {
  onProgress?: (done: number, total: number) => void;
  /** List this many failures of each kind. */
  failures?: number;
}

/** Asks every question over the store and measures the answers. */
export async function runAnswerEval(
  store: CorpusStore,
  questions: readonly ClinicalQuestion[],
  options: AnswerEvalOptions = {},
): Promise<AnswerEvalReport> {
  // Loaded when run: the CLI defines this command at every start, and the answer pipeline is heavy.
  const { askQuestion } = await import("../answer/ask-question.ts");
  const { onProgress, failures, ...askOptions } = options;
  const documents = documentCache(store);
  const results: QuestionOutcome[] = [];
  for (const [index, question] of questions.entries()) {
    const started = performance.now();
    const answer = await askQuestion(store, question.question, askOptions);
    const askMs = performance.now() - started;
    results.push(await outcomeOf(question, answer, askMs, documents.get));
    onProgress?.(index + 1, questions.length);
  }
  return {
    ...summarizeOutcomes(results, failures),
    goldMissing: await missingGold(questions, documents.get),
  };
}

/** The report over outcomes already measured (without the store check of the gold ids). */
export function summarizeOutcomes(
  results: readonly QuestionOutcome[],
  failures?: number,
): Omit<AnswerEvalReport, "goldMissing"> {
  const halves: Partial<Record<Half, GroupReport>> = {};
  for (const half of HALVES) {
    const inHalf = results.filter((result) => result.half === half);
    if (inHalf.length > 0) halves[half] = groupReport(inHalf);
  }
  return {
    questions: results.length,
    overall: groupReport(results),
    halves,
    ...(failures !== undefined ? { failures: failuresOf(results, failures) } : {}),
    results: [...results],
  };
}

type DocumentLookup = (id: string) => Promise<EvidenceDocument | undefined>;

function documentCache(store: CorpusStore): { get: DocumentLookup } {
  const cache = new Map<string, Promise<EvidenceDocument | undefined>>();
  return {
    get(id) {
      let document = cache.get(id);
      if (document === undefined) {
        document = store.getDocument(id);
        cache.set(id, document);
      }
      return document;
    },
  };
}

async function outcomeOf(
  question: ClinicalQuestion,
  answer: Answer,
  askMs: number,
  getDocument: DocumentLookup,
): Promise<QuestionOutcome> {
  const gold = new Set(question.gold);
  const referenceIds = new Map(answer.references.map((reference) => [reference.number, reference.id]));
  const citesGold = (statement: Statement) =>
    statement.citations.some((number) => gold.has(referenceIds.get(number) ?? ""));
  const claims = answerStatements(answer).filter((statement) => statement.kind === "claim");
  const goldRanks = answer.retrieval.evidence.filter((item) => gold.has(item.id)).map((item) => item.rank);
  const methodsQuotes: MethodsQuote[] = [];
  let claimsWithoutCitation = 0;
  for (const claim of claims) {
    const cited = claim.citations.flatMap((number) => {
      const id = referenceIds.get(number);
      return id === undefined ? [] : [id];
    });
    if (cited.length === 0) {
      claimsWithoutCitation++;
      continue;
    }
    const quote = await methodsQuote(claim, cited, getDocument);
    if (quote) methodsQuotes.push(quote);
  }
  // A refusal opens on its framing; an answer on its first claim.
  const opening = answer.bottomLine.length > 0 ? answer.bottomLine : answerStatements(answer);
  const first = answer.insufficientEvidence
    ? opening[0]
    : (opening.find((statement) => statement.kind === "claim") ?? opening[0]);
  return {
    id: question.id,
    question: question.question,
    asker: question.asker,
    kind: question.kind,
    half: question.half,
    gold: question.gold,
    offCorpus: question.gold.length === 0,
    typedAs: answer.questionType,
    refused: answer.insufficientEvidence,
    firstStatement: first?.text ?? "",
    goldCited: !answer.insufficientEvidence && answer.references.some((reference) => gold.has(reference.id)),
    goldInBottomLine: answer.bottomLine.some(citesGold),
    ...(goldRanks.length > 0 ? { goldRank: Math.min(...goldRanks) } : {}),
    retrieved: answer.retrieval.evidence.length,
    references: answer.references.length,
    claims: claims.length,
    claimsWithoutCitation,
    methodsQuotes,
    askMs,
  };
}

/** The study-description sentence of a cited document that a claim quotes, in its text or its source-backed form. */
async function methodsQuote(
  claim: Statement,
  cited: readonly string[],
  getDocument: DocumentLookup,
): Promise<MethodsQuote | undefined> {
  const wordings = claim.original === undefined ? [claim.text] : [claim.text, claim.original];
  for (const id of cited) {
    const document = await getDocument(id);
    if (document === undefined) continue;
    for (const wording of wordings) {
      const quoted = quotedStudyDescription(wording, [document]);
      if (quoted) return { statement: claim.text, document: id, reason: quoted.reason };
    }
  }
  return undefined;
}

async function missingGold(
  questions: readonly ClinicalQuestion[],
  getDocument: DocumentLookup,
): Promise<{ id: string; questions: string[] }[]> {
  const askers = new Map<string, string[]>();
  for (const question of questions) {
    for (const id of question.gold) askers.set(id, [...(askers.get(id) ?? []), question.id]);
  }
  const missing: { id: string; questions: string[] }[] = [];
  for (const [id, ids] of askers) {
    if ((await getDocument(id)) === undefined) missing.push({ id, questions: ids });
  }
  return missing;
}

function groupReport(results: readonly QuestionOutcome[]): GroupReport {
  const byAsker: Partial<Record<Asker, AnswerMetrics>> = {};
  for (const asker of ASKERS) {
    const group = results.filter((result) => result.asker === asker);
    if (group.length > 0) byAsker[asker] = metricsOf(group);
  }
  const byKind: Partial<Record<ClinicalQuestionKind, AnswerMetrics>> = {};
  for (const kind of CLINICAL_QUESTION_KINDS) {
    const group = results.filter((result) => result.kind === kind);
    if (group.length > 0) byKind[kind] = metricsOf(group);
  }
  return { ...metricsOf(results), byAsker, byKind };
}

function metricsOf(results: readonly QuestionOutcome[]): AnswerMetrics {
  const answerable = results.filter((result) => !result.offCorpus);
  const offCorpus = results.filter((result) => result.offCorpus);
  const answered = answerable.filter((result) => !result.refused);
  const sources = answered.map((result) => result.references);
  const latencies = results.map((result) => result.askMs);
  const sum = (pick: (result: QuestionOutcome) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  return {
    questions: results.length,
    answerable: answerable.length,
    offCorpus: offCorpus.length,
    answered: share(answered.length, answerable.length),
    goldRetrieved: share(
      answerable.filter((result) => result.goldRank !== undefined).length,
      answerable.length,
    ),
    goldCited: share(answerable.filter((result) => result.goldCited).length, answerable.length),
    goldInBottomLine: share(answerable.filter((result) => result.goldInBottomLine).length, answerable.length),
    offCorpusRefused: share(offCorpus.filter((result) => result.refused).length, offCorpus.length),
    claimsWithoutCitation: sum((result) => result.claimsWithoutCitation),
    methodsQuotes: sum((result) => result.methodsQuotes.length),
    claims: sum((result) => result.claims),
    medianSourcesCited: sources.length === 0 ? null : median(sources),
    answeredWithTwoSources: share(sources.filter((count) => count >= 2).length, answered.length),
    askMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
  };
}

function failuresOf(results: readonly QuestionOutcome[], count: number): AnswerEvalReport["failures"] {
  const failure = (result: QuestionOutcome): AnswerFailure => ({
    id: result.id,
    question: result.question,
    half: result.half,
    asker: result.asker,
    kind: result.kind,
    refused: result.refused,
    firstStatement: result.firstStatement,
    gold: result.gold,
    ...(result.goldRank !== undefined ? { goldRank: result.goldRank } : {}),
    retrieved: result.retrieved,
  });
  return {
    answerable: results
      .filter((result) => !result.offCorpus && (result.refused || !result.goldCited))
      .slice(0, count)
      .map(failure),
    offCorpus: results
      .filter((result) => result.offCorpus && !result.refused)
      .slice(0, count)
      .map(failure),
    methodsQuotes: results
      .flatMap((result) => result.methodsQuotes.map((quote) => ({ id: result.id, ...quote })))
      .slice(0, count),
  };
}

function share(count: number, of: number): Share {
  return { count, of, share: of === 0 ? null : count / of };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The nearest-rank percentile, as eval pubmedqa reports it. */
function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}
