import { EVIDENCE_LEVEL_STRENGTH } from "../search/index.ts";
import type { QuestionKind } from "./answer.ts";
import type { DraftStatement } from "./answer-draft.ts";
import type { EvidenceSource } from "./gather-evidence.ts";
import { type FocusConcept, mainConcepts } from "./question-focus.ts";
import { DESIGN_NAMES, type FindingDirection, type StudyFinding } from "./study-findings.ts";
import { contentTerms } from "./text-terms.ts";

/**
 * The bottom line's opening and the closing summary, written without a model from what each source found: its
 * design, size and direction. Every slot is filled from a source (sizes as the abstracts print them, the topic as
 * the sources name it); Galen's own words are only the designs, counts and directions (SYNTHESIS_WORDS), which
 * verification does not look for in the sources.
 */
export interface Synthesis {
  opening: DraftStatement;
  closing?: DraftStatement;
}

/** Kinds of question whose findings point a way (benefit, no difference, harm). */
const DIRECTIONAL: ReadonlySet<QuestionKind> = new Set(["treatment", "comparison", "etiology", "dosing"]);

const DIRECTION_PHRASES: Record<FindingDirection, string> = {
  benefit: "reported a favourable effect",
  "no-difference": "found no significant difference",
  harm: "reported a higher risk or a harmful effect",
  mixed: "reported mixed results",
};

/** In a comparison, a favourable or harmful finding is a difference between the options (the quote says which). */
const COMPARISON_PHRASES: Record<FindingDirection, string> = {
  ...DIRECTION_PHRASES,
  benefit: "found a difference between the options compared",
  harm: "found a difference between the options compared",
};

/** Counts in words: a count is Galen's, and a numeral would be looked for (and not found) in the sources. */
const COUNTS = [
  "no",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
  "twenty",
];

/** The words a synthesis adds of its own: designs, counts and directions. */
export const SYNTHESIS_WORDS: ReadonlySet<string> = new Set(
  contentTerms(
    [
      ...COUNTS,
      ...Object.values(DESIGN_NAMES).flat(),
      ...Object.values(DIRECTION_PHRASES),
      ...Object.values(COMPARISON_PHRASES),
      "evidence mixed while summary strongest found addresses address sources source and on unstated design largest more than",
    ].join(" "),
  ),
);

export function synthesize(
  findings: readonly StudyFinding[],
  focus: readonly FocusConcept[],
  kind: QuestionKind,
  question?: string,
): Synthesis | undefined {
  if (findings.length === 0) return undefined;
  const ranked = [...findings].sort(
    (a, b) => strength(b.source) - strength(a.source) || a.source.rank - b.source.rank,
  );
  const pointing = DIRECTIONAL.has(kind) ? ranked.filter((finding) => finding.direction) : [];
  const phrases = kind === "comparison" ? COMPARISON_PHRASES : DIRECTION_PHRASES;
  // The topic is named as the studies the opening cites name it, so that its words are theirs.
  const cited = pointing.length > 0 ? pointing : ranked;
  const topic = topicAsSourcesName(
    focus,
    cited.map((finding) => finding.source),
    question,
  );
  if (topic === undefined) return undefined;
  const opening =
    pointing.length > 0 ? directedOpening(pointing, topic, phrases) : undirectedOpening(ranked, topic);
  const strongest = pointing[0];
  if (!strongest?.direction || pointing.length < 2) return { opening };
  return {
    opening,
    closing: {
      text: `In summary, the strongest evidence found on ${topic}, ${article(design(strongest.source))}${sized([strongest])}, ${phrases[strongest.direction]}.`,
      evidence: [strongest.source.number],
      synthesis: true,
    },
  };
}

/** "Two randomized trials (103 children; 54 patients) on diet and seizures reported a favourable effect." */
function directedOpening(
  findings: readonly StudyFinding[],
  topic: string,
  phrases: Record<FindingDirection, string>,
): DraftStatement {
  const groups = new Map<FindingDirection, StudyFinding[]>();
  for (const finding of findings) {
    if (finding.direction) groups.set(finding.direction, [...(groups.get(finding.direction) ?? []), finding]);
  }
  const clauses = [...groups].map(
    ([direction, group]) => `${designs(group)}${sized(group)} ${phrases[direction]}`,
  );
  const text =
    clauses.length === 1
      ? `On ${topic}, ${clauses[0]}.`
      : `The evidence on ${topic} is mixed: ${clauses.slice(0, -1).join("; ")}, while ${clauses.at(-1)}.`;
  return { text: capitalised(text), evidence: numbers(findings), synthesis: true };
}

/** "Two observational studies (658 cases; 120 patients) address spondylolysis." */
function undirectedOpening(findings: readonly StudyFinding[], topic: string): DraftStatement {
  const verb = findings.length === 1 ? "addresses" : "address";
  return {
    text: capitalised(`${designs(findings)}${sized(findings)} ${verb} ${topic}.`),
    evidence: numbers(findings),
    synthesis: true,
  };
}

/** "two randomized trials and one observational study": counts of each design, strongest first. */
function designs(findings: readonly StudyFinding[]): string {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const level = finding.source.document.evidenceLevel;
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  const parts = [...counts].map(([level, count]) => {
    const [one, many] = DESIGN_NAMES[level as keyof typeof DESIGN_NAMES];
    return `${COUNTS[count] ?? "more than twenty"} ${count === 1 ? one : many}`;
  });
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "");
}

function design(source: EvidenceSource): string {
  return DESIGN_NAMES[source.document.evidenceLevel][0];
}

/** " (103 children; n = 54)": the sizes the abstracts give, as they give them; the largest three of more. */
function sized(findings: readonly StudyFinding[]): string {
  const sizes = findings.flatMap((finding) => (finding.size ? [finding.size] : []));
  if (sizes.length <= MAX_SIZES) return sizes.length > 0 ? ` (${sizes.join("; ")})` : "";
  const largest = [...sizes].sort((a, b) => count(b) - count(a)).slice(0, MAX_SIZES);
  return ` (the largest ${largest.join("; ")})`;
}

const MAX_SIZES = 3;

function count(size: string): number {
  return Number(/\d[\d,]*/.exec(size)?.[0].replaceAll(",", "") ?? 0);
}

/**
 * The question's key concepts as the cited sources name them ("postoperative atrial fibrillation" for POAF): for
 * each, its first name that most of the sources use.
 */
function topicAsSourcesName(
  focus: readonly FocusConcept[],
  sources: readonly EvidenceSource[],
  question: string | undefined,
): string | undefined {
  const names = mainConcepts(focus, 3, question).flatMap((concept) => {
    const candidates = [concept.query.text, ...concept.query.expansions.map((expansion) => expansion.text)];
    const counted = candidates.map((name) => {
      const terms = contentTerms(name);
      return {
        name,
        sources: sources.filter((source) => terms.length > 0 && terms.every((term) => source.terms.has(term)))
          .length,
      };
    });
    const best = counted.reduce((a, b) => (b.sources > a.sources ? b : a), { name: "", sources: 0 });
    // Only a name the cited sources print as it is: verification looks for its very words.
    return best.sources > 0 ? [best.name === concept.query.text ? concept.typed : best.name] : [];
  });
  if (names.length === 0) return undefined;
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
}

function strength(source: EvidenceSource): number {
  return EVIDENCE_LEVEL_STRENGTH[source.document.evidenceLevel];
}

function numbers(findings: readonly StudyFinding[]): number[] {
  return findings.map((finding) => finding.source.number);
}

function article(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? "an" : "a"} ${phrase}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
