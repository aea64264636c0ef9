import type { QuestionKind } from "../answer/answer.ts";
import { questionKind } from "../answer/question-kind.ts";
import { plainLanguageGlossary } from "../audience/glossary.ts";
import { type AnalyzedQuery, analyzeQuery, type QueryConcept } from "../search/index.ts";

/** An earlier turn of the thread, as the follow-up needs it. */
export interface EarlierTurn {
  question: string;
  /** What that turn searched (its own question, or a follow-up with carried concepts). */
  searchedAs: string;
  kind: QuestionKind;
  /** Documents its answer cited. */
  cited: readonly string[];
}

export interface ResolvedFollowUp {
  /** What to search for the follow-up. */
  searchAs: string;
  kind: QuestionKind;
  /** Concepts carried from earlier turns (empty when the follow-up stands on its own). */
  carried: string[];
  /** "carried": elliptical follow-up; "new-condition": it names another condition; "own-topic": it names the same. */
  reason: "carried" | "new-condition" | "own-topic";
  /** Evidence the thread already cited, preferred when it is retrieved again. */
  preferred: string[];
}

/** Words that name a disorder: endings and head nouns of condition names. */
const CONDITION_WORD =
  /(?:itis|osis|oses|oma|omas|emia|aemia|pathy|algia|plasia|trophy|lysis|ectasis|rrhoea|rrhea|cele|penia|plegia)$|^(?:disease|diseases|syndrome|disorder|cancer|tumou?r|fracture|fractures|infection|failure|injury|attack|defect|deficiency|fibrillation|diabetes|asthma|hypertension|stroke|pneumonia|depression|anxiety|obesity|migraine|epilepsy|dementia|sepsis|covid-19|influenza|gout|eczema|psoriasis|acne|autism|schizophrenia|arthritis|hernia|ulcer|palsy|fever)$/i;

/** Words with a disorder's ending that name a method or an outcome instead ("outlook" expands to "prognosis"). */
const NOT_A_DISORDER =
  /^(?:prognos[ei]s|diagnos[ei]s|analys[ei]s|dialysis|ha?emodialysis|thrombolysis|fibrinolysis|hypnosis|homeopathy|osteopathy|naturopathy|empathy|sympathy)$/i;

function looksLikeDisorder(word: string): boolean {
  return CONDITION_WORD.test(word) && !NOT_A_DISORDER.test(word);
}

/**
 * Reads a follow-up in the light of the thread. "What about in adults?" after "What is the treatment for pars
 * defect?" lacks a condition of its own, so the earlier turn's condition (and its kind of question) is carried
 * into the search; a follow-up that names a new condition is searched as it stands.
 */
export function resolveFollowUp(followUp: string, earlier: readonly EarlierTurn[]): ResolvedFollowUp {
  const previous = earlier.at(-1);
  const preferred = [...new Set(earlier.flatMap((turn) => turn.cited))];
  const own = analyzeQuery(followUp);
  const ownKind = questionKind(followUp);
  if (previous === undefined) return standalone(followUp, ownKind, preferred, "own-topic");
  const before = analyzeQuery(previous.searchedAs);
  const priorConditions = conditions(before);
  const named = conditions(own);
  if (named.length > 0) {
    const same = named.every((name) => priorConditions.includes(name));
    // "And for COPD?" asks the earlier kind of question about a new condition.
    const kind = ownKind === "overview" && ELLIPTICAL.test(followUp) ? previous.kind : ownKind;
    return standalone(followUp, kind, same ? preferred : [], same ? "own-topic" : "new-condition");
  }
  const carried = priorConditions.length > 0 ? priorConditions : carriedContext(before, own);
  const kind = ownKind === "overview" ? previous.kind : ownKind;
  // The earlier question's framing ("treatment") comes along when the follow-up asks the same kind of question.
  const framing =
    kind === previous.kind ? before.concepts.filter((concept) => concept.weight < 1).map((c) => c.text) : [];
  const words = own.concepts.map((concept) => concept.text);
  return {
    searchAs: [...carried, ...framing, ...words].join(" "),
    kind,
    carried,
    reason: "carried",
    preferred,
  };
}

function standalone(
  followUp: string,
  kind: QuestionKind,
  preferred: string[],
  reason: ResolvedFollowUp["reason"],
): ResolvedFollowUp {
  return { searchAs: followUp, kind, carried: [], reason, preferred };
}

/** The conditions a question names, as written ("pars defect", "type 2 diabetes"). */
export function conditionsOf(question: string): string[] {
  return conditions(analyzeQuery(question));
}

/** Who a question is about; it stays when a follow-up swaps the thing asked about ("What about insulin?"). */
const POPULATION =
  /^(?:pregnan\w*|breastfeeding|lactation|children|child|infants?|neonates?|adolescents?|teenagers?|adults?|elderly|older|women|men|athletes?)$/i;

/**
 * Without a condition to carry, an earlier question's topics all come along, unless the follow-up brings a topic of
 * its own: then only the population it was about does (metformin in pregnancy → "What about insulin?").
 */
function carriedContext(earlier: AnalyzedQuery, followUp: AnalyzedQuery): string[] {
  const topics = earlier.concepts.filter((concept) => concept.weight >= 1);
  if (!followUp.concepts.some((concept) => concept.weight >= 1)) return topics.map((concept) => concept.text);
  const text = earlier.text.toLowerCase();
  const populations = topics.flatMap((concept, index) =>
    POPULATION.test(concept.text) ? [spanAround(topics, index, text, () => false)] : [],
  );
  return populations.filter((span) => !populations.some((other) => other !== span && other.includes(span)));
}

/** A follow-up that leans on the one before: "and…", "what about…", "how about…", "in…", "what if…". */
const ELLIPTICAL = /^\s*(?:and|or|but|what\s+about|how\s+about|what\s+if|in|for|with)\b/i;

/**
 * The conditions a question names, each with the topic words written next to it ("pulmonary embolism", "type 2
 * diabetes", "otitis media"), found by glossary, by the vocabulary's clinical name, or by the form of the word.
 */
function conditions(analysis: AnalyzedQuery): string[] {
  const topics = analysis.concepts.filter((concept) => concept.weight >= 1);
  const text = analysis.text.toLowerCase();
  const spans: string[] = [];
  topics.forEach((concept, index) => {
    if (!namesCondition(concept)) return;
    const span = spanAround(topics, index, text, isConditionName);
    if (!spans.some((known) => known.includes(span))) spans.push(span);
  });
  return spans.filter((span) => !spans.some((other) => other !== span && other.includes(span)));
}

/**
 * A concept with the topic words written before it ("pulmonary embolism", "type 2 diabetes", "older adults"),
 * and after it only where the longer phrase is a known name ("otitis media"): English modifiers come first.
 */
function spanAround(
  topics: readonly QueryConcept[],
  index: number,
  text: string,
  isName: (phrase: string) => boolean,
): string {
  let first = index;
  let last = index;
  while (first > 0 && adjacent(text, topics[first - 1]?.text, topics[first]?.text)) first--;
  const phrase = (to: number) =>
    topics
      .slice(first, to + 1)
      .map((part) => part.text)
      .join(" ");
  while (
    last < topics.length - 1 &&
    adjacent(text, topics[last]?.text, topics[last + 1]?.text) &&
    isName(phrase(last + 1))
  )
    last++;
  return phrase(last);
}

function isConditionName(phrase: string): boolean {
  return conditionTerms().has(phrase) || looksLikeDisorder(phrase.split(" ").at(-1) ?? "");
}

/** Two concepts written one after the other, with only a space or hyphen between them. */
function adjacent(text: string, left: string | undefined, right: string | undefined): boolean {
  if (left === undefined || right === undefined) return false;
  return new RegExp(
    `(?:^|[^\\p{L}\\p{N}])${escaped(left)}[\\s-]+${escaped(right)}(?:$|[^\\p{L}\\p{N}])`,
    "u",
  ).test(text);
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

let glossaryConditions: ReadonlySet<string> | undefined;

/** The glossary's condition terms, loaded once. */
function conditionTerms(): ReadonlySet<string> {
  glossaryConditions ??= new Set(
    plainLanguageGlossary()
      .entries.filter((entry) => entry.kind === "condition")
      .map((entry) => entry.term.toLowerCase()),
  );
  return glossaryConditions;
}

function namesCondition(concept: QueryConcept): boolean {
  const names = [concept.text, ...concept.expansions.map((expansion) => expansion.text.toLowerCase())];
  return names.some((name) => conditionTerms().has(name) || name.split(/\s+/).some(looksLikeDisorder));
}
