import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { planSources, readSourceFile } from "../../ingest/source-format.ts";

/**
 * The vocabulary-mismatch sets: questions worded as clinicians and patients ask them (lay terms, abbreviations,
 * brand or INN drug names, British spellings), each aimed at one abstract of the merged sample corpus whose title
 * shares none of the question's content words. The first set is the one retrieval was tuned on (its odd lines);
 * the fresh set was written later, without looking at the vocabulary, and is kept for measuring only. These tests
 * keep each file well formed and, when the sample data is present, keep every target real and every question free
 * of its target's title words.
 */

const KINDS = ["lay", "abbreviation", "brand", "british"] as const;

const VocabularyQuestion = z
  .object({
    id: z.string().regex(/^v[mf]-\d{3}$/),
    question: z.string().min(1),
    target: z.string().regex(/^(scifact|pubmed):\d+$/),
    kinds: z.array(z.enum(KINDS)).min(1),
    concepts: z.record(z.string().min(1), z.string().min(1)),
  })
  .strict();
type VocabularyQuestion = z.infer<typeof VocabularyQuestion>;

/** Each set's file, how many questions it holds at least, and how many of each kind. */
const SETS = [
  { file: "vocabulary-mismatch.jsonl", idPrefix: "vm-", questions: 70, perKind: 12 },
  { file: "vocabulary-mismatch-fresh.jsonl", idPrefix: "vf-", questions: 80, perKind: 15 },
] as const;
const sharedData = fileURLToPath(new URL("../../../../shared/data/", import.meta.url));
/** The sources the demo ingests: together they are Galen's merged sample corpus. */
const corpusSources = ["pubmed-xml", "pubmedqa/ori_pqal.json", "scifact"].map(
  (source) => `${sharedData}${source}`,
);
const corpusPresent = corpusSources.every((path) => existsSync(path));

/** Small English function-word list: these words carry no topic, so sharing them with a title is fine. */
const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between
  both but by can could did do does doing done down during each either few for from further get gets got had has
  have having he her here hers herself him himself his how i if in into is it its itself just me more most my
  myself no nor not of off on once only or other our ours ourselves out over own same she should so some such than
  that the their theirs them themselves then there these they this those through to too under until up very was we
  were what when where which while who whom why will with would you your yours yourself yourselves vs versus per
  via`.split(/\s+/),
);

/** Tried in this order; the first that leaves a stem of three or more characters is stripped. */
const SUFFIXES = ["ation", "ing", "ion", "es", "ed", "ly", "al", "ic", "s"];

/** A crude stem, enough to catch simple inflections ("infarction" and "infarct", "bleeding" and "bleed"). */
function stem(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Stems of the content words: lower case, split on anything but ASCII letters and digits, stop words dropped. */
function contentStems(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 2 && !STOP_WORDS.has(word));
  return new Set(words.map(stem));
}

function readQuestions(file: string): { questions: VocabularyQuestion[]; problems: string[] } {
  const questions: VocabularyQuestion[] = [];
  const problems: string[] = [];
  readFileSync(fileURLToPath(new URL(`./${file}`, import.meta.url)), "utf8")
    .split("\n")
    .forEach((line, index) => {
      if (line.trim() === "") return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        problems.push(`line ${index + 1}: not valid JSON`);
        return;
      }
      const parsed = VocabularyQuestion.safeParse(value);
      if (parsed.success) questions.push(parsed.data);
      else problems.push(`line ${index + 1}: ${z.prettifyError(parsed.error).replace(/\n/g, " ")}`);
    });
  return { questions, problems };
}

/** Title of every document in the merged corpus, by Galen id, read once with Galen's own readers. */
let corpusTitles: Promise<Map<string, string>> | undefined;
function titlesOfCorpus(): Promise<Map<string, string>> {
  corpusTitles ??= (async () => {
    const titles = new Map<string, string>();
    for (const plan of await planSources(corpusSources)) {
      for await (const record of readSourceFile(plan, { bytesRead: 0 })) {
        if (record.kind === "document") titles.set(record.document.id, record.document.title);
        else for (const id of record.ids) titles.delete(id);
      }
    }
    return titles;
  })();
  return corpusTitles;
}

describe.each(SETS)("$file", (set) => {
  const { questions, problems } = readQuestions(set.file);

  it("holds one well-formed question object a line", () => {
    expect(problems).toEqual([]);
  });

  it(`holds at least ${set.questions} questions, with ids of its own`, () => {
    expect(questions.length).toBeGreaterThanOrEqual(set.questions);
    const seen = new Set<string>();
    const repeated = questions.map((question) => question.id).filter((id) => seen.size === seen.add(id).size);
    expect(repeated, "ids used more than once").toEqual([]);
    const foreign = questions.filter((question) => !question.id.startsWith(set.idPrefix));
    expect(
      foreign.map((question) => question.id),
      `ids not starting ${set.idPrefix}`,
    ).toEqual([]);
  });

  it(`represents every kind of mismatch at least ${set.perKind} times, and lists no kind twice in a question`, () => {
    for (const kind of KINDS) {
      const count = questions.filter((question) => question.kinds.includes(kind)).length;
      expect(count, `questions of kind "${kind}"`).toBeGreaterThanOrEqual(set.perKind);
    }
    const repeatedKinds = questions.filter(
      (question) => new Set(question.kinds).size !== question.kinds.length,
    );
    expect(repeatedKinds.map((question) => question.id)).toEqual([]);
  });

  it("names at least one concept a question, and each concept key occurs in its question", () => {
    const offenders = questions
      .map((question) => ({
        id: question.id,
        missing: Object.keys(question.concepts).filter((key) => !question.question.includes(key)),
        empty: Object.keys(question.concepts).length === 0,
      }))
      .filter(({ missing, empty }) => empty || missing.length > 0)
      .map(({ id, missing, empty }) => (empty ? `${id}: no concepts` : `${id}: ${missing.join(", ")}`));
    expect(offenders, "concept keys that do not occur in their question").toEqual([]);
  });

  describe.skipIf(!corpusPresent)(
    corpusPresent
      ? "against the merged sample corpus"
      : `against the merged sample corpus (skipped: the sample data is not at ${sharedData})`,
    () => {
      it("finds every target in the corpus", async () => {
        const titles = await titlesOfCorpus();
        const missing = questions.filter((question) => !titles.has(question.target));
        expect(
          missing.map((question) => `${question.id}: ${question.target}`),
          "targets missing from the corpus",
        ).toEqual([]);
      });

      it("keeps every question free of its target title's content words", async () => {
        const titles = await titlesOfCorpus();
        const offenders: string[] = [];
        for (const question of questions) {
          const title = titles.get(question.target);
          if (title === undefined) continue;
          const titleStems = contentStems(title);
          const shared = [...contentStems(question.question)].filter((word) => titleStems.has(word));
          if (shared.length > 0)
            offenders.push(`${question.id} shares "${shared.join('", "')}" with its title`);
        }
        expect(offenders, "questions that share content words with their target's title").toEqual([]);
      });
    },
  );
});

it("keeps the fresh set's targets apart from the tuned set's", () => {
  const [tuned, fresh] = SETS.map((set) => readQuestions(set.file).questions);
  const tunedTargets = new Set(tuned?.map((question) => question.target));
  const shared = (fresh ?? []).filter((question) => tunedTargets.has(question.target));
  expect(shared.map((question) => `${question.id}: ${question.target}`)).toEqual([]);
});
