import type { FocusConcept } from "./question-focus.ts";
import { stemPrefix, termOf } from "./text-terms.ts";

/** Whether a text names the concept: every term of one of its names occurs, or another form of a long term. */
export function mentions(concept: FocusConcept, terms: ReadonlySet<string>): boolean {
  return concept.names.some((name) => name.every((term) => namesTerm(term, terms)));
}

/** A term occurs as it is, in another form of a long word, or (hyphenated) as all of its parts. */
function namesTerm(term: string, terms: ReadonlySet<string>): boolean {
  if (terms.has(term) || terms.has(stemPrefix(term) ?? term)) return true;
  if (!term.includes("-")) return false;
  const parts = term.split("-").filter((part) => part.length > 1);
  return parts.length > 0 && parts.every((part) => terms.has(termOf(part)));
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
export const RELEVANCE_FLOOR = 0.35;

export function isOnTopic(
  focus: readonly FocusConcept[],
  terms: ReadonlySet<string>,
  floor = RELEVANCE_FLOOR,
): boolean {
  return relevance(focus, terms) >= floor && namesTwoConcepts(focus, terms) && namesBothSides(focus, terms);
}

/**
 * A question of two or more concepts the corpus knows is not addressed by a source that names one of them: "hair"
 * alone does not address hair dye in pregnancy, however rare the other words.
 */
function namesTwoConcepts(focus: readonly FocusConcept[], terms: ReadonlySet<string>): boolean {
  const known = focus.filter((concept) => concept.role === "key" && concept.documents > 0);
  const named = known.filter((concept) => mentions(concept, terms)).length;
  return named >= Math.min(2, known.length);
}

/**
 * A question about a treatment of a condition (or an exposure and its outcome) is addressed only by a source that
 * names both sides: a source on vitamin D and regulatory T cells does not address vitamin D and fractures, and one
 * on pulmonary embolism does not address "dapoxetine for PE", however rare the words it shares with the question.
 * The sides come from how the question is put ("X for Y", "does X prevent Y"), else from which concepts are
 * treatments.
 */
function namesBothSides(
  focus: readonly FocusConcept[],
  terms: ReadonlySet<string>,
  floor = SIDE_FLOOR,
): boolean {
  const key = focus.filter((concept) => concept.role === "key");
  const sided =
    key.some((concept) => concept.side === "intervention") && key.some((c) => c.side === "target");
  const interventions = key.filter((concept) =>
    sided ? concept.side === "intervention" : concept.intervention,
  );
  const others = key.filter((concept) => (sided ? concept.side === "target" : !concept.intervention));
  if (interventions.length === 0 || others.length === 0) return true;
  // Any one of the options asked about will do ("surgery or a sling"); what they are for must be named in good part.
  const option = interventions.some((concept) => concept.documents > 0 && mentions(concept, terms));
  return option && sideCoverage(others, terms) >= floor;
}

/**
 * How much of one side a text names, counting the concepts the corpus knows: "surgery or a sling" is addressed by a
 * source on surgery when no document mentions slings. A side the corpus knows nothing of is not addressed.
 */
function sideCoverage(side: readonly FocusConcept[], terms: ReadonlySet<string>): number {
  const known = side.filter((concept) => concept.documents > 0);
  return known.length > 0 ? coverage(known, terms) : 0;
}

/**
 * The share of each side's specificity a source must name: "imiquimod for anogenital warts" is not addressed by a
 * source on imiquimod that mentions a clearance rate. Calibrated with the relevance floor.
 */
const SIDE_FLOOR = 0.34;

/**
 * Whether one sentence (the title, or a result or conclusion) links what the question links: it names both sides,
 * and enough of the key concepts. A source that names a drug in one paragraph and a condition in another has not
 * studied the drug for the condition.
 */
export function linksConcepts(focus: readonly FocusConcept[], terms: ReadonlySet<string>): boolean {
  return relevance(focus, terms) >= LINK_FLOOR && namesBothSides(focus, terms, Number.MIN_VALUE);
}

/** The share of the key concepts' specificity one linking sentence must name. */
const LINK_FLOOR = 0.15;

/** Key concepts no source of the corpus names: what the corpus lacks to answer. */
export function unknownConcepts(focus: readonly FocusConcept[]): FocusConcept[] {
  return focus.filter((concept) => concept.role === "key" && concept.documents === 0);
}

/**
 * Key concepts the vocabulary knows as medical ("head lice": pediculosis capitis) that the corpus never names, by
 * any of their names: no source in it can address them, so no answer can.
 */
export function missingMedicalConcepts(focus: readonly FocusConcept[]): FocusConcept[] {
  // An abbreviation's senses may all be wrong for this question ("CMP" for cardiomyopathy): only words the
  // vocabulary translates as a whole (lay terms, drug names) count.
  return unknownConcepts(focus).filter((concept) =>
    concept.query.expansions.some((expansion) => expansion.kind !== "abbreviation"),
  );
}
