import { READER_PROFILES } from "../audience/reader-profiles.ts";
import { studiesOnlyNonHumans } from "../evidence/index.ts";
import { GalenError } from "../galen-error.ts";
import type { EmbeddingModel } from "../model/embedding-model.ts";
import { DEFAULT_RETRIEVAL, MAX_QUERY_CHARACTERS, type RetrievalSettings } from "../search/index.ts";
import type { CorpusStore } from "../store/corpus-store.ts";
import { type Answer, type Audience, answerStatements, type QuestionKind } from "./answer.ts";
import { DEFAULT_MINIMUM_SOURCES } from "./answer-defaults.ts";
import type { AnswerDraft } from "./answer-draft.ts";
import type { VerificationSettings } from "./claim-verification.ts";
import type { Composer, ComposerInput } from "./composer.ts";
import { urgentCareNotice } from "./emergency-signs.ts";
import {
  composeExtractive,
  DEFAULT_EXTRACTIVE,
  type ExtractiveSettings,
  extractiveComposer,
} from "./extractive-composer.ts";
import { finishAnswer } from "./finish-answer.ts";
import { type GatheredEvidence, gatherEvidence } from "./gather-evidence.ts";
import { personalizeAnswer } from "./personalize-answer.ts";
import { questionCondition, questionKind, questionTopic } from "./question-kind.ts";
import { missingMedicalConcepts, RELEVANCE_FLOOR, unknownConcepts } from "./relevance-floor.ts";
import { ANSWERING_SECTION, sectionTemplate } from "./section-templates.ts";
import { preferringPlainSentences } from "./sentence-scoring.ts";
import type { VerifiedStatement } from "./statement-stream.ts";

export interface AskOptions {
  /** What to search, when it differs from the question as asked (a follow-up with carried concepts). */
  searchAs?: string;
  /** The kind of question, when the pipeline should not type it from the words (a follow-up inherits it). */
  kind?: QuestionKind;
  /** Documents to prefer when they are retrieved again (those a thread already cited). */
  preferred?: readonly string[];
  audience?: Audience;
  /** Defaults to the extractive composer. */
  composer?: Composer;
  /** Sources read for the answer. */
  sources?: number;
  /** Fewer on-topic sources than this and the answer says the evidence is insufficient. */
  minimumSources?: number;
  /** The share of the question's key concepts a source must name to be on topic (see RELEVANCE_FLOOR). */
  relevanceFloor?: number;
  preset?: string;
  settings?: RetrievalSettings;
  embeddings?: EmbeddingModel;
  verification?: VerificationSettings;
  /** Called with each statement as a streaming composer writes and checks it (the final answer is checked again). */
  onStatement?: (verified: VerifiedStatement) => void;
  signal?: AbortSignal;
  now?: Date;
}

/**
 * Galen's main job: retrieve the evidence for a clinical question, compose a structured answer from it, verify
 * every statement against the sources it cites, and say so plainly when the evidence is too thin.
 */
export async function askQuestion(
  store: CorpusStore,
  question: string,
  options: AskOptions = {},
): Promise<Answer> {
  const text = checkedQuestion(question);
  const searched = options.searchAs === undefined ? text : checkedQuestion(options.searchAs);
  const kind = options.kind ?? questionKind(searched);
  const evidence = await gatherEvidence(store, searched, {
    ...(options.preferred ? { preferred: options.preferred } : {}),
    ...(options.sources ? { sources: options.sources } : {}),
    ...(options.relevanceFloor !== undefined ? { floor: options.relevanceFloor } : {}),
    settings: options.settings ?? DEFAULT_RETRIEVAL,
    ...(options.embeddings ? { embeddings: options.embeddings } : {}),
  });
  const topic = questionTopic(evidence.focus, evidence.search.analysis.text);
  const audience = options.audience ?? "physician";
  const input: ComposerInput = {
    question: text,
    kind,
    topic,
    template: sectionTemplate(kind, questionCondition(evidence.focus, evidence.search.analysis.text)),
    evidence,
    audience,
  };
  const composer = options.composer ?? extractiveComposer(extractiveSettingsFor(audience));
  const urgentNotice = urgentCareNotice(`${text} ${searched}`);
  const common = {
    question: text,
    ...(searched !== text ? { searchedAs: searched } : {}),
    kind,
    audience: "physician" as const,
    evidence,
    preset: options.preset ?? "galen",
    ...(urgentNotice ? { urgentNotice } : {}),
    ...(options.verification ? { verification: options.verification } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  const onTopic = evidence.sources.filter((source) => source.onTopic).length;
  const minimum = options.minimumSources ?? DEFAULT_MINIMUM_SOURCES;
  let shortfall =
    onTopic < minimum || missingMedicalConcepts(evidence.focus).length > 0
      ? fewSources(evidence, topic, minimum)
      : undefined;
  if (shortfall === undefined) {
    const { draft, used, notes } = await composeWithFallback(composer, input, options);
    let answer = finishAnswer({ ...common, draft, composer: used, notes, insufficientEvidence: false });
    shortfall = unverifiedAnswer(answer, input);
    if (shortfall !== undefined && used.name === "model") {
      // The evidence may hold what the model could not write up: the extractive composer gets its turn first.
      const fallback = extractiveComposer();
      const note =
        "No statement of the model's answer could be verified; this answer was composed extractively instead.";
      answer = finishAnswer({
        ...common,
        draft: await fallback.compose(input, options.signal),
        composer: fallback,
        notes: [note],
        insufficientEvidence: false,
      });
      shortfall = unverifiedAnswer(answer, input);
    }
    if (shortfall === undefined) return personalizeAnswer(withAnsweringCaveat(answer, input), audience);
  }
  const insufficient = finishAnswer({
    ...common,
    draft: whatWasFound(input),
    composer: extractiveComposer(),
    insufficientEvidence: true,
    framing: shortfall,
  });
  return personalizeAnswer(insufficient, audience);
}

/** The default composer for a reader: lay readers' answers prefer plainer sentences among equally good ones. */
function extractiveSettingsFor(audience: Audience): ExtractiveSettings {
  const share = READER_PROFILES[audience].plainSentenceWeight;
  if (share === 0) return DEFAULT_EXTRACTIVE;
  return {
    ...DEFAULT_EXTRACTIVE,
    sentenceWeights: preferringPlainSentences(DEFAULT_EXTRACTIVE.sentenceWeights, share),
  };
}

/** An answer of which no statement survived verification is no answer. */
function unverifiedAnswer(answer: Answer, input: ComposerInput): string | undefined {
  const statements = answerStatements(answer).filter((statement) => statement.kind === "claim");
  if (statements.length > 0) return undefined;
  return `Galen found insufficient evidence to answer this question: no statement about ${input.topic} could be verified against the sources retrieved. What was found is shown below.`;
}

/**
 * The sources address the question's concepts, but when nothing they say is of the kind asked for (a treatment
 * question answered only with diagnostic findings), the reader is told so rather than left to assume it.
 */
function withAnsweringCaveat(answer: Answer, input: ComposerInput): Answer {
  const answering = input.template.find((section) => section.kind === ANSWERING_SECTION[input.kind]);
  const statements = answerStatements(answer).filter((statement) => statement.kind === "claim");
  if (answering === undefined || statements.some((statement) => answering.cues.test(statement.text))) {
    return answer;
  }
  const caveat = `The sources found address ${input.topic}, but none reports directly on its ${ASKED_ABOUT[input.kind]}; read the findings with that in mind.`;
  return { ...answer, caveats: [caveat, ...answer.caveats] };
}

const ASKED_ABOUT: Record<QuestionKind, string> = {
  treatment: "treatment",
  diagnosis: "diagnosis or testing",
  prognosis: "outcomes or prognosis",
  etiology: "causes or risk factors",
  dosing: "dosing",
  comparison: "comparison",
  overview: "features",
};

function checkedQuestion(question: string): string {
  const text = question.trim();
  if (text === "")
    throw new GalenError(
      'The question is empty. Ask a clinical question, e.g. "What is the treatment for pars defect?"',
      2,
    );
  if (text.length > MAX_QUERY_CHARACTERS) {
    throw new GalenError(
      `The question is ${text.length} characters long; the limit is ${MAX_QUERY_CHARACTERS}. Ask one question at a time.`,
      2,
    );
  }
  return text;
}

/** A model composer that fails (server down, malformed output) leaves an extractive answer and says so. */
async function composeWithFallback(
  composer: Composer,
  input: ComposerInput,
  { signal, onStatement }: Pick<AskOptions, "signal" | "onStatement">,
): Promise<{ draft: AnswerDraft; used: Composer; notes: string[] }> {
  try {
    const draft =
      onStatement && composer.composeStreaming
        ? await composer.composeStreaming(input, onStatement, signal)
        : await composer.compose(input, signal);
    return { draft, used: composer, notes: [] };
  } catch (error) {
    if (composer.name === "extractive" || !(error instanceof GalenError) || signal?.aborted) throw error;
    const fallback = extractiveComposer();
    return {
      draft: await fallback.compose(input, signal),
      used: fallback,
      notes: [
        `The model composer failed (${error.message.replace(/\.$/, "")}); this answer was composed extractively instead.`,
      ],
    };
  }
}

/** For an insufficient answer: the best finding of each source that does address the question, if any. */
function whatWasFound(input: ComposerInput): AnswerDraft {
  const found = composeExtractive(input, {
    ...DEFAULT_EXTRACTIVE,
    bottomLine: input.evidence.sources.length,
  }).bottomLine;
  return {
    bottomLine: [],
    sections:
      found.length > 0
        ? [{ heading: "What Was Found", kind: "evidence-found", items: [{ statements: found }] }]
        : [],
  };
}

/**
 * Why the evidence cannot answer: in a reader's words, naming what was asked about and, when the corpus never names
 * a key concept at all, that one. How to load more literature is the CLI's to say, not the reader's page.
 */
function fewSources(evidence: GatheredEvidence, topic: string, minimum: number): string {
  const onTopic = evidence.sources.filter((source) => source.onTopic).length;
  const opening = "Galen found insufficient evidence to answer this question";
  if (evidence.search.results.length === 0) {
    return `${opening}: its library holds nothing on ${topic}.`;
  }
  const missing = unknownConcepts(evidence.focus).map((concept) => `"${concept.text}"`);
  const lacking =
    missing.length > 0 ? ` Its library has no document that mentions ${missing.join(" or ")}.` : "";
  if (onTopic === 0 || missing.length > 0) {
    const closest = evidence.sources.some((source) => source.relevance > 0)
      ? " The closest ones found are listed below; they do not answer the question."
      : "";
    const nonHuman = evidence.sources.some(
      (source) => source.relevance >= RELEVANCE_FLOOR && studiesOnlyNonHumans(source.document),
    );
    const none = nonHuman
      ? `only studies of animals or cells in its library address ${topic}, and they are not evidence for patients`
      : `none of the documents in its library addresses ${topic}`;
    return `${opening}: ${none}.${lacking}${closest}`;
  }
  return `${opening}: ${onTopic} ${onTopic === 1 ? "document addresses" : "documents address"} ${topic}, fewer than the ${minimum} an answer needs. What was found is shown below; it is not enough to draw a conclusion.`;
}
