import type { AnalyzedQuery, QueryConcept } from "../search/index.ts";
import { isContextWord } from "./context-words.ts";
import { contentTerms } from "./text-terms.ts";

/**
 * What a concept does in the question. Key concepts (the condition, the treatment or exposure, the outcome) decide
 * whether a source addresses it; framing words ("treatment", "risk") only say what kind of answer is wanted;
 * context words ("older woman", "my son", "every day") say who and when.
 */
export type ConceptRole = "key" | "framing" | "context";

/** One thing the question is about, with every name it goes by, each as the terms that must all occur. */
export interface FocusConcept {
  /** As the question put it ("pars defect"). */
  text: string;
  role: ConceptRole;
  /**
   * How much the concept counts: for a key concept its specificity in this corpus (the inverse document frequency of
   * its commonest name, so "humerus" outweighs "fracture", which outweighs "patients"); framing a fixed small
   * share; context nothing.
   */
  weight: number;
  /** Documents of the corpus that name it in any of its names (0: the corpus never does). */
  documents: number;
  /** A treatment, drug or other intervention (by the vocabulary's drug names and classes, or the words used). */
  intervention: boolean;
  names: string[][];
  /** The search room's concept it comes from, with the vocabulary's other names for it. */
  query: QueryConcept;
}

/** How often each name of each concept occurs in the corpus, and the corpus's size. */
export interface CorpusFrequencies {
  documents: number;
  holding: ReadonlyMap<string, number>;
}

/** Every name the question's concepts go by, to count in the corpus. */
export function conceptNames(analysis: AnalyzedQuery): string[] {
  return [...new Set(withLettersJoined(analysis.concepts).flatMap((concept) => allNames(concept)))];
}

/** A framing word's weight beside a key concept of average specificity. */
const FRAMING_WEIGHT = 0.5;

/** The concepts of an analysed question, as comparable terms, each with its role and specificity. */
export function questionFocus(analysis: AnalyzedQuery, frequencies?: CorpusFrequencies): FocusConcept[] {
  const focus = withLettersJoined(analysis.concepts).flatMap((concept) => {
    const names = allNames(concept)
      .map(contentTerms)
      .filter((terms) => terms.length > 0);
    if (names.length === 0) return [];
    const documents = frequencies
      ? Math.max(0, ...allNames(concept).map((name) => frequencies.holding.get(name) ?? 0))
      : 1;
    const role = roleOf(concept);
    return [
      {
        text: concept.text,
        role,
        weight: role === "framing" ? FRAMING_WEIGHT : role === "context" ? 0 : 1,
        documents,
        intervention: isIntervention(concept),
        names,
        query: concept,
      },
    ];
  });
  return frequencies ? withSpecificity(focus, frequencies.documents) : focus;
}

/** Shorthand that only says what kind of answer is wanted, as clinicians type it. */
const TYPED_FRAMING = new Set(
  "tx rx dx ddx mgmt options approach approaches evidence data studies research effective effectiveness efficacy benefit benefits".split(
    " ",
  ),
);

function roleOf(concept: QueryConcept): ConceptRole {
  if (concept.weight < 1 || TYPED_FRAMING.has(concept.text)) return "framing";
  return isContextWord(concept.text) ? "context" : "key";
}

/** A letter or numeral that names which one ("vitamin D", "hepatitis B", "type 2", "factor V"). */
const QUALIFIER = /^(?:[a-z]|\d{1,2}|ii|iii|iv|vi|vii|viii)$/;

/**
 * The question's concepts with a trailing letter or numeral joined to the word before it: "vitamin D" is one
 * concept, and "D" alone would match every abstract that mentions any letter D.
 */
function withLettersJoined(concepts: readonly QueryConcept[]): QueryConcept[] {
  const joined: QueryConcept[] = [];
  for (const concept of concepts) {
    const previous = joined.at(-1);
    if (previous && QUALIFIER.test(concept.text) && !isContextWord(previous.text)) {
      joined[joined.length - 1] = { text: `${previous.text} ${concept.text}`, weight: 1, expansions: [] };
    } else joined.push(concept);
  }
  return joined;
}

/**
 * Key concepts weighted by how rare they are in the corpus. A concept the corpus never names weighs as much as the
 * rarest one it does name: the corpus may lack the topic ("head lice"), or the word is incidental ("sling"); either
 * way it should neither be ignored nor outweigh everything else.
 */
function withSpecificity(focus: FocusConcept[], corpusSize: number): FocusConcept[] {
  const specificity = (documents: number) => Math.max(1, Math.log((corpusSize + 1) / (documents + 1)));
  const named = focus.filter((concept) => concept.role === "key" && concept.documents > 0);
  const rarest = named.length > 0 ? Math.max(...named.map((concept) => specificity(concept.documents))) : 1;
  return focus.map((concept) =>
    concept.role !== "key"
      ? concept
      : { ...concept, weight: concept.documents > 0 ? specificity(concept.documents) : rarest },
  );
}

function allNames(concept: QueryConcept): string[] {
  return [concept.text, ...concept.expansions.map((expansion) => expansion.text)];
}

const INTERVENTION_WORDS =
  /\b(?:treat\w*|therap\w*|surg\w*|operat\w*|diet\w*|exercis\w*|physio\w*|rehab\w*|brac(?:e|es|ing)|sling|cast|splint\w*|drug\w*|medic\w*|pill\w*|tablet\w*|inject\w*|vaccin\w*|supplement\w*|vitamin\w*|screen\w*|stent\w*|transplant\w*|implant\w*|counsel\w*|training|massage|acupunct\w*|tx|rx|antibiotic\w*|statin\w*|steroid\w*|insulin|aspirin|fusion|repair|fixation|replacement|block)\b/i;

function isIntervention(concept: QueryConcept): boolean {
  return (
    concept.expansions.some((expansion) => expansion.kind === "drug" || expansion.kind === "drug-class") ||
    INTERVENTION_WORDS.test(concept.text)
  );
}

export function mentions(concept: FocusConcept, terms: ReadonlySet<string>): boolean {
  return concept.names.some((name) => name.every((term) => terms.has(term)));
}

/** The share (0–1) of the question's weight that a text's terms mention; framing counts at its lower weight. */
export function coverage(focus: readonly FocusConcept[], terms: ReadonlySet<string>): number {
  const total = focus.reduce((sum, concept) => sum + concept.weight, 0);
  if (total === 0) return 0;
  const covered = focus.reduce((sum, concept) => sum + (mentions(concept, terms) ? concept.weight : 0), 0);
  return covered / total;
}

/** The share (0–1) of the key concepts' weight that a text's terms mention: how far it addresses the question. */
export function relevance(focus: readonly FocusConcept[], terms: ReadonlySet<string>): number {
  const key = focus.filter((concept) => concept.role === "key");
  return key.length > 0 ? coverage(key, terms) : coverage(focus, terms);
}

/**
 * The relevance floor: a source addresses the question when it names the key concepts that carry at least this
 * share of their specificity. Calibrated on the tuning half of the clinical question set (docs/BENCHMARKS.md).
 */
export const RELEVANCE_FLOOR = 0.6;

export function isOnTopic(
  focus: readonly FocusConcept[],
  terms: ReadonlySet<string>,
  floor = RELEVANCE_FLOOR,
): boolean {
  return relevance(focus, terms) >= floor && namesBothSides(focus, terms);
}

/**
 * A question about a treatment of a condition (or an exposure and its outcome) is addressed only by a source that
 * names both sides: a source on vitamin D and regulatory T cells does not address vitamin D and fractures, however
 * rare the words it shares with the question.
 */
function namesBothSides(focus: readonly FocusConcept[], terms: ReadonlySet<string>): boolean {
  const key = focus.filter((concept) => concept.role === "key");
  const interventions = key.filter((concept) => concept.intervention);
  const others = key.filter((concept) => !concept.intervention && concept.documents > 0);
  if (interventions.length === 0 || others.length === 0) return true;
  const named = (concepts: readonly FocusConcept[]) => concepts.some((concept) => mentions(concept, terms));
  return named(interventions) && named(others);
}

/** Key concepts no source of the corpus names: what the corpus lacks to answer. */
export function unknownConcepts(focus: readonly FocusConcept[]): FocusConcept[] {
  return focus.filter((concept) => concept.role === "key" && concept.documents === 0);
}
