import { readability } from "../audience/readability.ts";
import { EVIDENCE_LEVEL_STRENGTH } from "../search/index.ts";
import { type EvidenceSource, type GatheredEvidence, sentenceTerms } from "./gather-evidence.ts";
import { relevance } from "./relevance-floor.ts";
import type { SourceSentence } from "./source-sentences.ts";

/** A source sentence that could be quoted in the answer, with how well it answers the question. */
export interface CandidateSentence {
  source: EvidenceSource;
  sentence: SourceSentence;
  terms: ReadonlySet<string>;
  /** The share (0–1) of the question's key concepts, by specificity, that the sentence itself names. */
  relevance: number;
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

/**
 * Sentences about the study itself rather than its findings: aims, designs, what was measured and how, who took
 * part. Structured abstracts label them; unstructured ones are read by these patterns.
 */
const NOT_A_FINDING = new RegExp(
  [
    "^(?:in (?:this|the present) (?:review|study|paper|article|report|work)\\b.{0,40}\\bwe\\b|we will\\b|here,? we\\b)",
    "^(?:the|our) (?:aim|purpose|objective|goal)s? (?:of|was|were|is)",
    "\\b(?:has|have) been defined as\\b",
    "\\bto (?:test|determine|assess|evaluate|compare|investigate|examine|establish|ascertain) (?:whether|if)\\b",
    "^this (?:study|trial|review|paper|article|analysis) (?:aim|sought|investigat|examin|evaluat|assess|describ|report|compar|explor|test)",
    "^we (?:aim|sought|search|conduct|perform|includ|review|retrospectiv|prospectiv|enrol|recruit|identif|describ|report|present|measur|assess|evaluat|examin|investigat|analy[sz]|compar|us(?:e|ed)|collect|obtain|administer|randomi[sz]|follow|studi|test)",
    "^to (?:evaluate|assess|determine|investigate|compare|examine|describe|explore|review|identify|test|analy[sz]e|establish|quantify|estimate|study|clarify|characteri[sz]e|measure)\\b",
    "\\b(?:we|this study|the study|the present study) (?:hypothesi[sz]ed|tested|performed|conducted|designed|used|examined|assessed|evaluated|analy[sz]ed|focus(?:ed)?|sought|aimed|investigated|measured|studied|compared|explored|determined)\\b",
    "\\b(?:was|were) (?:designed|conducted|carried out|abstracted|extracted|stratified|used to|defined as|recorded and defined|followed up for|examined using|assessed (?:first|by|using|with|at))\\b",
    "\\b(?:allowing|to allow) (?:for )?(?:a )?comparison\\b",
    "\\b(?:was|were) (?:divided|stratified|categori[sz]ed|classified|grouped|split) (?:into|according to|by)\\b",
    "^(?:a )?(?:total of )?[\\d,]+ [^.]{0,60}\\b(?:were|was) (?:included|enrolled|recruited|identified|studied|selected)\\b",
    "^(?:a )?(?:total of )?\\d[\\d,]* (?:consecutive |eligible |adult )?(?:patients|participants|subjects|studies|trials|articles|women|men|children|infants|individuals|cases|people) (?:were|was) (?:included|enrolled|recruited|identified|randomi[sz]ed|studied|analy[sz]ed|assigned|allocated)",
    "^(?:design|setting|participants|interventions?|main outcome measures?|outcome measures?|patients and methods|materials and methods|study design|methods?|objectives?|background|data sources?|study selection|data extraction)\\b(?: and (?:setting|participants|methods))?[\\s:.]",
    "^(?:the )?(?:primary|secondary|main|principal) (?:end ?points?|outcomes?(?: measures?)?) (?:was|were|included)\\b",
    "\\b(?:were|was) (?:randomly )?(?:assigned|allocated|randomi[sz]ed) (?:either )?(?:to|into|in)\\b",
    "^(?:this|the present|the current) (?:study|trial|analysis|review|work) (?:was|is) (?:performed|conducted|designed|undertaken|carried out|done)\\b",
    "\\b(?:were|was) (?:measured|recorded|collected|assessed|obtained|evaluated|determined|quantified|analy[sz]ed|reviewed|performed|administered|calculated|estimated) (?:at|before|after|during|in|by|using|with|from|for|on|via|at baseline)\\b",
    "\\b(?:were|was) (?:measured|recorded|collected|assessed|obtained|analy[sz]ed)\\.?$",
    "^(?:data|information|records|questionnaires?|samples?|specimens?) (?:were|was) (?:collected|obtained|extracted|retrieved|gathered|reviewed|analy[sz]ed)",
    "\\b(?:were|was) (?:included|enrolled|recruited|eligible|excluded) (?:in|into|if|from|when)\\b",
    "\\b(?:were|was) (?:available for (?:analysis|follow-up)|seen (?:at|in|by)|lost to follow-up)\\b|\\bdid not complete\\b|\\bwithdrew\\b",
    "^(?:a |an )?(?:retrospective|prospective|randomi[sz]ed|double-blind|cross-sectional|case-control|cohort|multicent(?:er|re)|observational|population-based|nationwide|open-label|placebo-controlled)\\b[^.]{0,80}\\b(?:was|were) (?:conducted|performed|carried out|undertaken|done|designed)\\b",
    "^(?:standardi[sz]ed|all) [^.]{0,60}\\b(?:was|were) (?:provided|given|offered|performed) to\\b",
  ].join("|"),
  "i",
);

/** What was done to the data, stated without what came of it ("Outcomes were assessed at 2 weeks…"). */
const PROCEDURE =
  /^(?:an? )?(?:prospective|retrospective|randomi[sz]ed|double-blind|single-cent(?:er|re)|multi-?cent(?:er|re)|open|cross-sectional|case-control|cohort|observational|population-based|nationwide)\b[^.]{0,100}\b(?:study|trial|analysis|survey|review)\b|\b(?:(?:was|were|has been|have been) (?:administered|assessed|measured|evaluated|compared|divided|categori[sz]ed|classified|grouped|conducted|performed|calculated|estimated|obtained|collected|analy[sz]ed|determined|monitored|documented|reviewed|examined|tested|investigated|studied)|prespecified|pre-specified|post hoc analys[ie]s|secondary analys[ie]s)\b/i;

/** What marks a sentence as reporting a finding: an effect, a difference, a figure with its uncertainty. */
const RESULT_SIGNAL =
  /\b(?:p\s*[<=>≤]|significant\w*|95\s?%|CI\b|odds ratio|hazard ratio|relative risk|risk ratio|\d+(?:\.\d+)?\s?%|higher|lower|greater|fewer|less|more|increas\w*|decreas\w*|reduc\w*|improv\w*|associated|no (?:difference|effect|association)|did not|was not|were not|similar|superior|inferior|effective|safe|predict\w*|accura\w*|sensitiv\w*|specificity)\b/i;

const MIN_WORDS = 6;
const MAX_WORDS = 70;

/** Whether a sentence states a finding that may be quoted: never a method, an aim or a design statement. */
function isCitable(sentence: SourceSentence): boolean {
  if (sentence.category === "METHODS" || sentence.category === "OBJECTIVE") return false;
  const words = sentence.text.split(/\s+/).length;
  if (words < MIN_WORDS || words > MAX_WORDS) return false;
  if (PROCEDURE.test(sentence.text) && !RESULT_SIGNAL.test(sentence.text)) return false;
  return !sentence.text.endsWith("?") && !NOT_A_FINDING.test(sentence.text);
}

/** Every citable sentence of the on-topic sources, scored for the question; best first. */
export function candidateSentences(
  evidence: GatheredEvidence,
  weights: SentenceWeights = DEFAULT_SENTENCE_WEIGHTS,
): CandidateSentence[] {
  const candidates = evidence.sources
    .filter((source) => source.onTopic)
    .flatMap((source) =>
      source.sentences.filter(isCitable).map((sentence) => {
        const terms = sentenceTerms(sentence.text, source.abbreviations);
        const addressed = relevance(evidence.focus, terms);
        const score =
          weights.relevance * (0.6 * addressed + 0.4 * source.relevance) +
          weights.informativeness * informativeness(sentence) +
          weights.evidenceLevel * EVIDENCE_LEVEL_STRENGTH[source.document.evidenceLevel] +
          weights.sourceRank / Math.sqrt(source.preferred ? 1 : source.rank) +
          (weights.plainness > 0 ? weights.plainness * plainness(sentence.text) : 0);
        return {
          source,
          sentence,
          terms,
          relevance: addressed,
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
