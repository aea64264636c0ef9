import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasSharedData, SKIP_REASON, sharedData } from "../../test/shared-data.ts";
import type { Composer } from "../answer/composer.ts";
import { extractiveComposer } from "../answer/extractive-composer.ts";
import { GalenError } from "../galen-error.ts";
import { ingestSources } from "../ingest/ingest-sources.ts";
import { planSources } from "../ingest/source-format.ts";
import { type GalenStore, openCorpusStore } from "../store/index.ts";
import {
  type AnswerEvalReport,
  type ClinicalQuestion,
  type QuestionOutcome,
  questionsOfHalf,
  readClinicalQuestions,
  runAnswerEval,
  summarizeOutcomes,
} from "./answer-eval.ts";

const folders: string[] = [];

function scratch(): string {
  const folder = mkdtempSync(join(tmpdir(), "galen-answer-eval-"));
  folders.push(folder);
  return folder;
}

afterAll(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function line(question: Partial<ClinicalQuestion> & { id: string }): string {
  return JSON.stringify({
    question: "Does antiretroviral therapy prevent tuberculosis in adults with HIV?",
    asker: "clinician",
    kind: "treatment",
    gold: ["scifact:4883040"],
    situation: "An HIV clinic deciding when to start treatment.",
    half: "tuning",
    ...question,
  });
}

function writeSet(lines: readonly string[], name = "set.jsonl"): string {
  const path = join(scratch(), name);
  writeFileSync(path, lines.join("\n"));
  return path;
}

async function readError(path: string): Promise<string> {
  const error = await readClinicalQuestions([path]).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(GalenError);
  return (error as GalenError).message;
}

describe("readClinicalQuestions", () => {
  it("reads every line of every file, skipping blank lines and a byte-order mark", async () => {
    const first = writeSet([
      `\uFEFF${line({ id: "cq-1", checked: true })}`,
      "",
      line({ id: "cq-2", gold: [] }),
    ]);
    const second = writeSet([line({ id: "cq-3", half: "held-out", asker: "patient" })], "second.jsonl");
    const questions = await readClinicalQuestions([first, second]);
    expect(questions.map((question) => question.id)).toEqual(["cq-1", "cq-2", "cq-3"]);
    expect(questions[0]?.checked).toBe(true);
    expect(questions[1]?.gold).toEqual([]);
    expect(questionsOfHalf(questions, "held-out").map((question) => question.id)).toEqual(["cq-3"]);
    expect(questionsOfHalf(questions, "all")).toHaveLength(3);
  });

  it("names the file, the line and the field that is wrong", async () => {
    const path = writeSet([line({ id: "cq-1" }), line({ id: "cq-2", asker: "nurse" as "patient" })]);
    const message = await readError(path);
    expect(message).toContain(`${path} line 2 (id "cq-2"): "asker":`);
    expect(message).toMatch(/clinician.*patient/);
  });

  it("explains a gold id that is not a document id, a missing field and an unknown one", async () => {
    expect(await readError(writeSet([line({ id: "cq-1", gold: ["123"] })]))).toMatch(
      /line 1 .*"gold\.0": a document id such as "scifact:123"/,
    );
    const missing = JSON.parse(line({ id: "cq-1" }));
    delete missing.half;
    expect(await readError(writeSet([JSON.stringify(missing)]))).toMatch(/line 1 .*"half":/);
    expect(await readError(writeSet([line({ id: "cq-1", golds: [] } as never)]))).toMatch(/golds/);
  });

  it("refuses invalid JSON, an id used twice, an empty file and a missing file", async () => {
    expect(await readError(writeSet([line({ id: "cq-1" }), "{not json"]))).toMatch(/line 2: not valid JSON/);
    const twice = writeSet([line({ id: "cq-1" }), "", line({ id: "cq-1" })]);
    expect(await readError(twice)).toContain(
      `${twice} line 3: id "cq-1" is used again (first at ${twice} line 1)`,
    );
    expect(await readError(writeSet(["", "  "]))).toMatch(/holds no questions/);
    expect(await readError(join(scratch(), "absent.jsonl"))).toMatch(
      /cannot read the question set \(ENOENT\)/,
    );
  });
});

describe("summarizeOutcomes", () => {
  const outcome = (fields: Partial<QuestionOutcome> & { id: string }): QuestionOutcome => ({
    question: "q",
    asker: "clinician",
    kind: "treatment",
    half: "tuning",
    gold: ["scifact:1"],
    offCorpus: false,
    typedAs: "treatment",
    refused: false,
    firstStatement: "A finding.",
    goldCited: true,
    goldInBottomLine: true,
    goldRank: 1,
    retrieved: 20,
    references: 2,
    claims: 3,
    claimsWithoutCitation: 0,
    methodsQuotes: [],
    askMs: 10,
    ...fields,
  });

  it("counts shares over answerable and off-corpus questions, per half, asker and kind", () => {
    const report = summarizeOutcomes(
      [
        outcome({ id: "a", references: 1, askMs: 30 }),
        outcome({ id: "b", references: 4, goldInBottomLine: false, askMs: 10 }),
        outcome({
          id: "c",
          refused: true,
          goldCited: false,
          goldInBottomLine: false,
          references: 0,
          half: "held-out",
        }),
        outcome({ id: "d", gold: [], offCorpus: true, refused: true, goldCited: false, asker: "patient" }),
        outcome({
          id: "e",
          gold: [],
          offCorpus: true,
          goldCited: false,
          kind: "harm",
          half: "held-out",
          methodsQuotes: [
            {
              statement: "Patients were randomly assigned.",
              document: "scifact:2",
              reason: "design-pattern",
            },
          ],
          askMs: 50,
        }),
      ],
      1,
    );
    expect(report.overall).toMatchObject({
      questions: 5,
      answerable: 3,
      offCorpus: 2,
      answered: { count: 2, of: 3 },
      goldCited: { count: 2, of: 3 },
      goldInBottomLine: { count: 1, of: 3 },
      offCorpusRefused: { count: 1, of: 2, share: 0.5 },
      methodsQuotes: 1,
      medianSourcesCited: 2.5,
      answeredWithTwoSources: { count: 1, of: 2, share: 0.5 },
      askMs: { p50: 10, p95: 50 },
    });
    expect(report.halves.tuning?.questions).toBe(3);
    expect(report.halves["held-out"]?.offCorpusRefused).toEqual({ count: 0, of: 1, share: 0 });
    expect(report.overall.byAsker.patient?.offCorpus).toBe(1);
    expect(report.overall.byKind.harm?.answered.share).toBeNull();
    expect(Object.keys(report.overall.byKind)).toEqual(["treatment", "harm"]);
    expect(report.failures?.answerable.map((failure) => failure.id)).toEqual(["c"]);
    expect(report.failures?.offCorpus.map((failure) => failure.id)).toEqual(["e"]);
    expect(report.failures?.methodsQuotes).toEqual([
      {
        id: "e",
        statement: "Patients were randomly assigned.",
        document: "scifact:2",
        reason: "design-pattern",
      },
    ]);
  });
});

/** A few real SciFact abstracts: three answer the set's questions, the others are distractors. */
const CORPUS_IDS = ["4883040", "6549091", "21287352", "313403", "8677721", "266641", "1387104", "9764256"];

/** SciFact 21287352's methods sentence, which a composer should never quote as a claim. */
const METHODS_SENTENCE =
  "Lung function was measured at the time of blood sampling and every 3-6 months during the observation period (median 25.0 months).";

describe.skipIf(!hasSharedData)(`runAnswerEval over real abstracts (${SKIP_REASON})`, () => {
  let store: GalenStore;
  let questions: ClinicalQuestion[];
  let report: AnswerEvalReport;

  beforeAll(async () => {
    const folder = scratch();
    const wanted = new Set(CORPUS_IDS);
    const corpus = readFileSync(sharedData("scifact/corpus.jsonl"), "utf8")
      .split("\n")
      .filter((text) => text.trim() !== "" && wanted.has(JSON.parse(text)._id));
    mkdirSync(join(folder, "scifact"));
    writeFileSync(join(folder, "scifact", "corpus.jsonl"), corpus.join("\n"));
    store = await openCorpusStore({ db: join(folder, "corpus.db") });
    await ingestSources(store, await planSources([join(folder, "scifact")]));
    questions = await readClinicalQuestions([
      writeSet([
        line({ id: "cq-art", gold: ["scifact:4883040"] }),
        line({
          id: "cq-copd",
          question: "Which blood markers predict faster lung function decline in COPD?",
          kind: "prognosis",
          gold: ["scifact:21287352"],
          half: "held-out",
        }),
        line({
          id: "cq-migraine",
          question: "Is acupuncture effective for chronic migraine?",
          asker: "patient",
          gold: [],
          half: "held-out",
        }),
        line({
          id: "cq-absent",
          question: "Does vitamin D prevent falls in older people?",
          asker: "patient",
          kind: "harm",
          gold: ["scifact:999999999"],
        }),
      ]),
    ]);
    const progress: number[] = [];
    report = await runAnswerEval(store, questions, {
      failures: 5,
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([1, 2, 3, 4]);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
  });

  it("answers a question its corpus answers, citing the gold in the bottom line", () => {
    const art = report.results.find((result) => result.id === "cq-art");
    expect(art).toMatchObject({ refused: false, goldCited: true, goldInBottomLine: true, goldRank: 1 });
    expect(art?.references).toBeGreaterThan(0);
    expect(art?.askMs).toBeGreaterThan(0);
  });

  it("refuses the off-corpus question and cites nothing for it", () => {
    expect(report.results.find((result) => result.id === "cq-migraine")).toMatchObject({
      offCorpus: true,
      refused: true,
      references: 0,
    });
    expect(report.overall.offCorpusRefused).toEqual({ count: 1, of: 1, share: 1 });
    expect(report.failures?.offCorpus).toEqual([]);
  });

  it("reports every claim cited, per half, asker and kind, and the gold the store lacks", () => {
    expect(report.overall.claimsWithoutCitation).toBe(0);
    expect(report.overall.claims).toBeGreaterThan(0);
    expect(report.overall).toMatchObject({ questions: 4, answerable: 3, offCorpus: 1 });
    expect(report.halves.tuning?.questions).toBe(2);
    expect(report.halves["held-out"]?.questions).toBe(2);
    expect(report.overall.byAsker.patient?.questions).toBe(2);
    expect(report.overall.byKind.prognosis?.answerable).toBe(1);
    expect(report.goldMissing).toEqual([{ id: "scifact:999999999", questions: ["cq-absent"] }]);
    const failing = report.results
      .filter((result) => !result.offCorpus && !result.goldCited)
      .map((result) => result.id);
    expect(report.failures?.answerable.map((failure) => failure.id)).toEqual(failing);
    expect(failing).toContain("cq-absent");
  });

  it("counts a claim that quotes a cited abstract's methods sentence", async () => {
    const extractive = extractiveComposer();
    // Adds the COPD abstract's methods sentence to an extractive answer's bottom line, citing that abstract.
    const quotingMethods: Composer = {
      ...extractive,
      async compose(input, signal) {
        const draft = await extractive.compose(input, signal);
        const copd = input.evidence.sources.find((source) => source.document.id === "scifact:21287352");
        if (copd === undefined) return draft;
        return {
          ...draft,
          bottomLine: [...draft.bottomLine, { text: METHODS_SENTENCE, evidence: [copd.number] }],
        };
      },
    };
    const copd = questions.filter((question) => question.id === "cq-copd");
    const quoted = await runAnswerEval(store, copd, { composer: quotingMethods, failures: 3 });
    expect(quoted.overall.methodsQuotes).toBe(1);
    expect(quoted.failures?.methodsQuotes).toEqual([
      { id: "cq-copd", statement: METHODS_SENTENCE, document: "scifact:21287352", reason: "design-pattern" },
    ]);
    const plain = await runAnswerEval(store, copd);
    expect(plain.overall.methodsQuotes).toBe(0);
  });
});
