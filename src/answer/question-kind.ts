import { questionType } from "../search/index.ts";
import type { QuestionKind } from "./answer.ts";
import { type FocusConcept, mainConcepts } from "./question-focus.ts";

/**
 * The kind of answer a question wants. Questions as people type them first ("surgery or sling?", "does pre-op
 * statin tx reduce POAF", "is it safe to…"), then the search room's question type; a definition or an
 * unrecognised question gets an overview.
 */
export function questionKind(question: string): QuestionKind {
  for (const [kind, cue] of TYPED_CUES) if (cue.test(question)) return kind;
  const type = questionType(question);
  return type === "definition" || type === "unknown" ? "overview" : type;
}

/** Cues of the way clinicians and patients phrase each kind, checked in order. */
const TYPED_CUES: ReadonlyArray<[QuestionKind, RegExp]> = [
  [
    "comparison",
    /\b(?:vs\.?|versus|compared (?:with|to)|better than|rather than|instead of|which is better|or (?:just )?(?:a |an |the )?[\w-]+(?: [\w-]+)?\s*\??\s*$)/i,
  ],
  [
    "dosing",
    /\b(?:dose|doses|dosing|dosage|how many mg|mg\/kg|how much (?:\w+ )?(?:should|to|can|do) (?:i|we|you|he|she|they)? ?(?:take|give|use))\b/i,
  ],
  [
    "diagnosis",
    /\b(?:diagnos\w*|accura\w*|sensitiv\w*|specificity|rule (?:in|out)|predict\w*|detect\w*|pick up)\b/i,
  ],
  [
    "treatment",
    /\b(?:tx|rx|treat\w*|therap\w*|manag\w*|reduce[sd]?|lower\w*|prevent\w*|help\w*|protect\w*|get rid of|work(?:s)? for|cure\w*|heal\w*|worth (?:it|taking|doing|trying)|should (?:i|we|he|she|they) (?:take|try|have|get|use|give|start))\b/i,
  ],
  [
    "etiology",
    /\b(?:risk of|raise (?:the )?risk|increase (?:the |my |his |her )?risk|linked to|associated with|cause[sd]?)\b/i,
  ],
  ["diagnosis", /\b(?:screen\w*|test(?:s|ing|ed)?|scan\w*|x-?rays?|mri|ct|ultrasound|biopsy|work-?up)\b/i],
  [
    "prognosis",
    /\b(?:prognos\w*|outlook|surviv\w*|life expectancy|chances?|likely|recur\w*|come back|long[- ]term|outcomes?|mortality|die|death)\b/i,
  ],
  ["treatment", /\b(?:surgery|operation)\b/i],
];

/**
 * What the question is about, for headings and for saying what was not found: its key concepts (up to three), each
 * by the name the literature uses with the question's own words beside it ("spondylolysis (pars defect)", "atrial
 * fibrillation (AF)"). Context words (older, woman, son) and framing words (treatment) are not the topic.
 */
export function questionTopic(focus: readonly FocusConcept[], question?: string): string {
  return listed(topicConcepts(focus, question).map((concept) => displayName(concept)));
}

/**
 * The condition the question is about, for the heading of its background section: its first key concept that is
 * not a treatment ("Understanding spondylolysis (pars defect)"), or its first key concept.
 */
export function questionCondition(focus: readonly FocusConcept[], question?: string): string {
  const concepts = topicConcepts(focus, question);
  const condition = concepts.find((concept) => !concept.intervention) ?? concepts[0];
  return condition ? displayName(condition) : "the question";
}

function topicConcepts(focus: readonly FocusConcept[], question?: string): FocusConcept[] {
  const main = mainConcepts(focus, MAX_TOPIC_CONCEPTS, question);
  return main.length > 0 ? main : focus.slice(0, 1);
}

function listed(names: string[]): string {
  if (names.length === 0) return "the question";
  const last = names.pop();
  return names.length > 0 ? `${names.join(", ")} and ${last}` : (last ?? "the question");
}

const MAX_TOPIC_CONCEPTS = 3;

function displayName({ query, typed }: FocusConcept): string {
  const senses = query.expansions.filter((expansion) => expansion.kind === "abbreviation");
  if (senses.length === 1 && senses[0]) return `${senses[0].text} (${typed})`;
  const synonym = query.expansions.find((expansion) => expansion.kind === "synonym");
  return synonym ? `${synonym.text} (${typed})` : typed;
}
