import type { EvidenceLevel } from "../evidence/index.ts";
import { DESIGN_NOUNS } from "./evidence-summary.ts";
import type { EvidenceSource } from "./gather-evidence.ts";
import type { FocusConcept } from "./question-focus.ts";
import { linksConcepts } from "./relevance-floor.ts";
import type { CandidateSentence } from "./sentence-scoring.ts";

/** Which way a study's finding points, read from its own results and conclusions. */
export type FindingDirection = "benefit" | "no-difference" | "harm" | "mixed";

/** What one source that addresses the question found: its design, its size, and the direction of its finding. */
export interface StudyFinding {
  source: EvidenceSource;
  /** The sentence that states the finding (a conclusion or result that names the question's key concepts). */
  finding: CandidateSentence;
  /** "103 children", "n = 412": as the abstract gives it, so that verification finds it there. */
  size?: string;
  /** Undefined when the sentence does not say plainly which way the finding points. */
  direction?: FindingDirection;
}

/** A study's finding is counted in the synthesis when it names at least this share of what the best one names. */
const CLOSE_TO_BEST = 0.75;

/** A finding sentence must name at least this share of the question's key concepts to stand for its study. */
const FINDING_RELEVANCE = 0.4;

/**
 * The finding of each source that addresses the question, best first (as the candidates are ranked): its strongest
 * conclusion or result naming the question's key concepts. Sources without such a sentence have no finding here.
 */
export function studyFindings(
  candidates: readonly CandidateSentence[],
  focus: readonly FocusConcept[],
): StudyFinding[] {
  const findings = new Map<EvidenceSource, StudyFinding>();
  for (const candidate of candidates) {
    if (findings.has(candidate.source) || !statesFinding(candidate, focus)) continue;
    const size = studySize(candidate.source);
    const direction = findingDirection(candidate.sentence.text);
    findings.set(candidate.source, {
      source: candidate.source,
      finding: candidate,
      ...(size ? { size } : {}),
      ...(direction ? { direction } : {}),
    });
  }
  // The studies that address the question best, not every one that touches it: a finding naming much less of
  // the question than the best one does (a supracondylar fracture in children, for a proximal humerus fracture in
  // an older woman) is quoted below, not counted in the synthesis.
  const all = [...findings.values()];
  const best = Math.max(0, ...all.map((finding) => finding.finding.relevance));
  return all.filter((finding) => finding.finding.relevance >= CLOSE_TO_BEST * best);
}

/**
 * A result or conclusion that names the question's key concepts and, when the question has two sides, both: a
 * finding about preterm labour that never names magnesium says nothing of magnesium for preterm labour.
 */
function statesFinding(candidate: CandidateSentence, focus: readonly FocusConcept[]): boolean {
  const { category, position } = candidate.sentence;
  const part =
    category === "CONCLUSIONS" || category === "RESULTS" || (category === "UNASSIGNED" && position >= 0.5);
  return part && candidate.relevance >= FINDING_RELEVANCE && linksConcepts(focus, candidate.terms);
}

const NO_DIFFERENCE =
  /\b(?:no (?:statistically )?(?:significant )?(?:differences?|effect|benefit|improvement|reduction|increase|association|change|advantage)|(?:at |with )?no (?:greater|higher|increased|additional|excess|added) (?:risk|harm|rate|incidence|mortality)(?: of [\w-]+)?|not (?:at )?(?:a )?(?:greater|higher|increased) risk(?: of [\w-]+)?|not (?:statistically )?(?:significantly )?(?:differ\w*|associated|improve\w*|reduce\w*|increase\w*|superior|effective|better|support)|did not (?:significantly )?(?:differ|improve|reduce|increase|affect|change|prevent|lower|decrease|alter)|does not (?:improve|reduce|support|prevent|increase)|do not support|failed to|similar|comparable|equivalent|non-?inferior)\b/gi;
const HARM =
  /\b(?:increas\w* (?:the )?(?:risk|incidence|rate|mortality|odds|hazard)|(?:higher|greater) (?:risk|rates?|incidence|mortality|odds)|more (?:adverse|complications|deaths)|worse\w*|harm\w*|detrimental)\b/i;
const BENEFIT =
  /\b(?:reduc\w*|lower\w*|decreas\w*|improv\w*|prevent\w*|effective\w*|efficacious|benefi\w*|superior|better|protect\w*|success\w*|in favou?r of|support\w* (?:its|the) use)\b/i;

/**
 * The direction a finding sentence states, or undefined when it does not say plainly. What a "no difference" phrase
 * negates ("no greater risk of harm") is not read again as harm or benefit.
 */
export function findingDirection(text: string): FindingDirection | undefined {
  const none = new RegExp(NO_DIFFERENCE.source, "i").test(text);
  // What a negation governs goes with it: "not effective at decreasing the need…" is no benefit.
  const rest = text.replace(new RegExp(`(?:${NO_DIFFERENCE.source})(?:\\s+\\S+){0,4}`, "gi"), " ");
  const harm = HARM.test(rest);
  const benefit = BENEFIT.test(rest);
  if (none) return benefit || harm ? "mixed" : "no-difference";
  if (harm && benefit) return "mixed";
  if (harm) return "harm";
  return benefit ? "benefit" : undefined;
}

const PEOPLE =
  "patients|participants|subjects|women|men|children|adolescents|adults|infants|neonates|newborns|individuals|people|persons|volunteers|pregnancies|mothers|cases|residents|veterans|smokers";
const ENROLMENT =
  /\b(?:enrol\w*|includ\w*|recruit\w*|randomi[sz]\w*|total of|particip\w*|assigned|allocated|studied|cohort of)\b/i;
const COUNTED = new RegExp(
  `(?<![\\d.,])\\b(\\d{1,3}(?:,\\d{3})+|\\d{2,7})\\s+(?!million|thousand|billion)(?:[a-z-]+\\s+){0,2}?(?:${PEOPLE})\\b|\\bn\\s*=\\s*(\\d{1,3}(?:,\\d{3})+|\\d{2,7})\\b`,
  "i",
);

/**
 * How many took part, as the abstract says it ("103 children", "n = 412"): from a sentence about enrolment when
 * there is one, otherwise the first count of people. Undefined when the abstract gives none.
 */
function studySize(source: EvidenceSource): string | undefined {
  // Not a hypothetical ("if 21 of 100 consecutive patients have the condition…") nor a method's description.
  const sentences = source.sentences
    .filter((sentence) => sentence.category !== "BACKGROUND" && sentence.category !== "OBJECTIVE")
    .map((sentence) => sentence.text)
    .filter((text) => !/\bif\b|\bwould\b|\bmeans that\b/i.test(text));
  const enrolling = sentences.filter((text) => ENROLMENT.test(text));
  for (const text of [...enrolling, ...sentences]) {
    const match = COUNTED.exec(text);
    if (match) return match[0].replace(/\s+/g, " ");
  }
  return undefined;
}

/** A design as the bottom line names it: as the evidence summary does, a record without one said so plainly. */
export const DESIGN_NAMES: Record<EvidenceLevel, [string, string]> = {
  ...DESIGN_NOUNS,
  unclassified: ["study of unstated design", "studies of unstated design"],
};
