import { readability } from "../audience/readability.ts";
import { EVIDENCE_LEVEL_STRENGTH } from "../search/index.ts";
import type { EvidenceSource, GatheredEvidence } from "./gather-evidence.ts";
import { coverage, mentions } from "./question-focus.ts";
import type { SourceSentence } from "./source-sentences.ts";
import { contentTerms } from "./text-terms.ts";

/** A source sentence that could be quoted in the answer, with how well it answers the question. */
export interface CandidateSentence {
  source: EvidenceSource;
  sentence: SourceSentence;
  terms: ReadonlySet<string>;
  /** The sentence itself names a topic of the question (not only its source). */
  namesTopic: boolean;
  score: number;
}

/** How the parts of a sentence's score are weighed; they sum to 1. */
export interface SentenceWeights {
  relevance: number;
  informativeness: number;
  evidenceLevel: number;
  sourceRank: number;
  /** Plain sentences first, for lay readers: 1 at grade 6 or below, 0 at grade 20 or above. */
  plainness: number;
}

export const DEFAULT_SENTENCE_WEIGHTS: SentenceWeights = {
  relevance: 0.45,
  informativeness: 0.3,
  evidenceLevel: 0.15,
  sourceRank: 0.1,
  plainness: 0,
};

/** The weights with `share` of the score given to plainness, the rest scaled down in proportion. */
export function preferringPlainSentences(weights: SentenceWeights, share: number): SentenceWeights {
  const scale = 1 - share;
  return {
    relevance: weights.relevance * scale,
    informativeness: weights.informativeness * scale,
    evidenceLevel: weights.evidenceLevel * scale,
    sourceRank: weights.sourceRank * scale,
    plainness: share,
  };
}

function plainness(text: string): number {
  const grade = readability(text).fleschKincaidGrade;
  return Math.min(1, Math.max(0, (20 - grade) / 14));
}

/** Results and conclusions state findings; methods and objectives describe a study rather than what it found. */
function informativeness(sentence: SourceSentence): number {
  switch (sentence.category) {
    case "CONCLUSIONS":
      return 1;
    case "RESULTS":
      return 0.8;
    case "BACKGROUND":
      return 0.5;
    case "METHODS":
      return 0.15;
    case "OBJECTIVE":
      return 0.1;
    case "UNASSIGNED":
      // An unstructured abstract usually ends on its conclusion and opens with background.
      return sentence.position >= 0.75 ? 0.85 : sentence.position <= 0.15 ? 0.5 : 0.65;
  }
}

/** Sentences about the study itself rather than its findings, and fragments too short or long to stand alone. */
const NOT_A_FINDING =
  /^(?:in (?:this|the present) (?:review|study|paper|article|report|work)\b.{0,40}\bwe\b|we will\b|here,? we\b|the (?:aim|purpose|objective|goal)s? of|this (?:study|trial|review|paper|article) (?:aim|sought|investigat|examin|evaluat|assess|describ|report)|we (?:aim|sought|search|conduct|perform|includ|review|retrospectiv|prospectiv|enrol|recruit|identif|describ|report|present)|to (?:evaluate|assess|determine|investigate|compare|examine|describe|explore|review|identify)\b|(?:a )?(?:total of )?\d+ (?:patients|participants|subjects|studies|trials|articles) (?:were|was) (?:included|enrolled|recruited|identified|randomi[sz]ed))/i;

const MIN_WORDS = 6;
const MAX_WORDS = 70;

function isCitable(sentence: SourceSentence): boolean {
  if (sentence.category === "METHODS" || sentence.category === "OBJECTIVE") return false;
  const words = sentence.text.split(/\s+/).length;
  if (words < MIN_WORDS || words > MAX_WORDS) return false;
  return !sentence.text.endsWith("?") && !NOT_A_FINDING.test(sentence.text);
}

/** Every citable sentence of the on-topic sources, scored for the question; best first. */
export function candidateSentences(
  evidence: GatheredEvidence,
  weights: SentenceWeights = DEFAULT_SENTENCE_WEIGHTS,
): CandidateSentence[] {
  const topics = evidence.focus.filter((concept) => concept.topic);
  const candidates = evidence.sources
    .filter((source) => source.onTopic)
    .flatMap((source) =>
      source.sentences.filter(isCitable).map((sentence) => {
        const terms = new Set(contentTerms(sentence.text));
        const relevance =
          0.6 * coverage(evidence.focus, terms) + 0.4 * coverage(evidence.focus, source.terms);
        const score =
          weights.relevance * relevance +
          weights.informativeness * informativeness(sentence) +
          weights.evidenceLevel * EVIDENCE_LEVEL_STRENGTH[source.document.evidenceLevel] +
          weights.sourceRank / Math.sqrt(source.preferred ? 1 : source.rank) +
          (weights.plainness > 0 ? weights.plainness * plainness(sentence.text) : 0);
        return {
          source,
          sentence,
          terms,
          namesTopic: topics.some((concept) => mentions(concept, terms)),
          score,
        };
      }),
    );
  return candidates.sort((a, b) => b.score - a.score);
}

/** Jaccard similarity of two sentences' terms: how much one repeats the other. */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}
