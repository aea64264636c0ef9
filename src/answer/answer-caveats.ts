import type { Reference, Verification } from "./answer.ts";
import type { GatheredEvidence } from "./gather-evidence.ts";

const STRONG_DESIGNS = new Set(["guideline", "systematic-review", "randomized-trial"]);

/** Sources older than this many years make the answer say that newer evidence may exist. */
const STALE_AFTER_YEARS = 10;

export interface CaveatInput {
  evidence: GatheredEvidence;
  references: readonly Reference[];
  verification: Verification;
  composer: "extractive" | "model";
  now?: Date | undefined;
}

/** What a careful reader should know about how far to trust this answer, in plain sentences. */
export function answerCaveats(input: CaveatInput): string[] {
  const { evidence, references, verification } = input;
  const caveats: string[] = [];
  if (references.length > 0 && !references.some((reference) => STRONG_DESIGNS.has(reference.evidenceLevel))) {
    caveats.push(
      "No guideline, systematic review or randomized trial is among the cited sources; the evidence is observational or weaker.",
    );
  }
  if (references.length === 1) caveats.push("The answer rests on a single source.");
  const newest = Math.max(...references.map((reference) => reference.year ?? 0));
  const year = (input.now ?? new Date()).getFullYear();
  if (newest > 0 && year - newest > STALE_AFTER_YEARS) {
    caveats.push(
      `The newest cited source is from ${newest}; newer evidence may exist that this corpus does not hold.`,
    );
  }
  if (input.composer === "extractive" && references.length > 0) {
    caveats.push(
      "Statements are sentences quoted from the sources' abstracts; they are not a synthesis, and abstracts can omit limitations that the full texts report.",
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

/** "1 statement" or "3 statements": the noun agrees with the count. */
function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
