import {
  EVIDENCE_LEVEL_LABELS,
  EVIDENCE_LEVELS,
  type EvidenceLevel,
  studiesOnlyNonHumans,
} from "../evidence/index.ts";
import type { Reference, Verification } from "./answer.ts";
import type { GatheredEvidence } from "./gather-evidence.ts";

const STRONG_DESIGNS: ReadonlySet<EvidenceLevel> = new Set([
  "guideline",
  "systematic-review",
  "randomized-trial",
]);

/** Sources older than this many years make the answer say that newer evidence may exist. */
const STALE_AFTER_YEARS = 10;

export interface CaveatInput {
  evidence: GatheredEvidence;
  references: readonly Reference[];
  verification: Verification;
  composer: "extractive" | "model";
  /** Whether the answer holds a synthesis of Galen's (see evidence-synthesis.ts). */
  synthesized?: boolean;
  now?: Date | undefined;
}

/** What a careful reader should know about how far to trust this answer, in plain sentences. */
export function answerCaveats(input: CaveatInput): string[] {
  const { evidence, references, verification } = input;
  const caveats: string[] = [...designCaveats(references)];
  if (references.length === 1) caveats.push("The answer rests on a single source.");
  const cited = new Set(references.map((reference) => reference.id));
  const sources = evidence.sources.filter((source) => cited.has(source.document.id));
  if (sources.length > 0 && sources.every((source) => studiesOnlyNonHumans(source.document))) {
    caveats.push(
      "The cited sources study animals or cells, not people: what they found may not hold for patients.",
    );
  }
  const newest = Math.max(...references.map((reference) => reference.year ?? 0));
  const year = (input.now ?? new Date()).getFullYear();
  if (newest > 0 && year - newest > STALE_AFTER_YEARS) {
    caveats.push(
      `The newest cited source is from ${newest}; newer evidence may exist that this corpus does not hold.`,
    );
  }
  if (input.composer === "extractive" && references.length > 0) {
    caveats.push(
      input.synthesized
        ? "The bottom line's first sentence and the summary are Galen's reading of the cited studies' designs, sizes and findings; the other statements are sentences quoted from the sources' abstracts, which can omit limitations that the full texts report."
        : "Statements are sentences quoted from the sources' abstracts; they are not a synthesis, and abstracts can omit limitations that the full texts report.",
    );
  }
  if (verification.dropped > 0) {
    caveats.push(
      `${counted(verification.dropped, "statement")} left out: the cited sources did not support them.`,
    );
  }
  if (verification.flagged > 0) {
    caveats.push(
      `${counted(verification.flagged, "statement")} flagged: the cited sources do not clearly support them.`,
    );
  }
  if (evidence.retracted.length > 0) {
    caveats.push(`${counted(evidence.retracted.length, "retrieved publication")} retracted and not cited.`);
  }
  if (evidence.plantedInstructions.length > 0) {
    caveats.push(
      `${counted(evidence.plantedInstructions.length, "sentence")} in the sources addressed an AI system rather than a reader: treated as data and not used.`,
    );
  }
  if (evidence.search.notice) caveats.push(evidence.search.notice);
  return caveats;
}

/**
 * What the cited sources' designs say about the evidence's strength, and no more: a source whose design is not
 * recorded is neither strong nor weak, and a design read from the abstract's wording is said to be inferred where
 * the answer's strength rests on it.
 */
export function designCaveats(references: readonly Reference[]): string[] {
  if (references.length === 0) return [];
  const strong = references.filter((reference) => STRONG_DESIGNS.has(reference.evidenceLevel));
  const unknown = references.filter((reference) => reference.evidenceLevel === "unclassified");
  const known = references.filter((reference) => reference.evidenceLevel !== "unclassified");
  const inferred = known.filter((reference) => reference.evidenceLevelInferred);
  if (strong.length > 0) {
    if (strong.some((reference) => !reference.evidenceLevelInferred)) return [];
    const designs = strong.map(
      (reference) =>
        `${referenceWord([reference])} (${EVIDENCE_LEVEL_LABELS[reference.evidenceLevel].toLowerCase()})`,
    );
    return [
      `Study designs inferred from the abstract, not from indexed publication types: ${designs.join(", ")}.`,
    ];
  }
  if (unknown.length === references.length) {
    return [
      references.length === 1
        ? "The cited source does not state its study design, so the strength of the evidence is unknown."
        : "None of the cited sources states its study design, so the strength of the evidence is unknown.",
    ];
  }
  const weak = "No guideline, systematic review or randomized trial is among the cited sources";
  const strongest = EVIDENCE_LEVELS.find((level) =>
    known.some((reference) => reference.evidenceLevel === level),
  );
  const weaker =
    strongest === "non-randomized-trial"
      ? "non-randomized or weaker"
      : strongest === "observational"
        ? "observational or weaker"
        : "weaker than observational";
  const inferredNote =
    inferred.length === 0
      ? ""
      : inferred.length < known.length
        ? ` (${inferred.length} of ${known.length} designs inferred from the abstract)`
        : known.length === 1
          ? " (its design inferred from the abstract)"
          : " (all designs inferred from the abstract)";
  if (unknown.length === 0) return [`${weak}; the evidence is ${weaker}${inferredNote}.`];
  const others = known.length === 1 ? "the other is" : "the others are";
  return [
    `${weak} as far as their designs are recorded: ${referenceWord(unknown)} ${unknown.length === 1 ? "states" : "state"} none, and ${others} ${weaker}${inferredNote}.`,
  ];
}

/** "reference 2", "references 1 and 3", "references 1, 3 and 4". */
function referenceWord(references: readonly Reference[]): string {
  const numbers = references.map((reference) => reference.number);
  if (numbers.length === 1) return `reference ${numbers[0]}`;
  return `references ${numbers.slice(0, -1).join(", ")} and ${numbers.at(-1)}`;
}

/** "1 statement" or "3 statements": the noun agrees with the count. */
function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
