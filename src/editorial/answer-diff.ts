import { diffWords } from "diff";
import type { Answer, Reference } from "../answer/answer.ts";
import { editableText } from "./edit-article.ts";

/** A run of words in a side-by-side comparison: kept, or only on the older (removed) or newer (added) side. */
export interface DiffRun {
  text: string;
  change: "same" | "removed" | "added";
}

/** One part of an answer in two versions: the older side's runs and the newer side's. */
export interface PartDiff {
  heading: string;
  changed: boolean;
  before: DiffRun[];
  after: DiffRun[];
}

export interface AnswerDiff {
  parts: PartDiff[];
  referencesAdded: Reference[];
  referencesRemoved: Reference[];
}

/**
 * Compares two versions of an answer part by part (bottom line, then sections matched by heading), word by word,
 * for side-by-side display; and lists the references one cites and the other does not.
 */
export function diffAnswers(before: Answer, after: Answer): AnswerDiff {
  const headings = [...new Set([...before.sections, ...after.sections].map((section) => section.heading))];
  const parts = [
    partDiff("Bottom line", editableText(before, "bottom-line"), editableText(after, "bottom-line")),
    ...headings.map((heading) =>
      partDiff(heading, sectionText(before, heading), sectionText(after, heading)),
    ),
  ];
  const ids = (answer: Answer) => new Set(answer.references.map((reference) => reference.id));
  const [beforeIds, afterIds] = [ids(before), ids(after)];
  return {
    parts,
    referencesAdded: after.references.filter((reference) => !beforeIds.has(reference.id)),
    referencesRemoved: before.references.filter((reference) => !afterIds.has(reference.id)),
  };
}

function sectionText(answer: Answer, heading: string): string {
  const index = answer.sections.findIndex((section) => section.heading === heading);
  return index === -1 ? "" : editableText(answer, index);
}

function partDiff(heading: string, before: string, after: string): PartDiff {
  const changes = diffWords(before, after);
  return {
    heading,
    changed: changes.some((change) => change.added || change.removed),
    before: changes
      .filter((change) => !change.added)
      .map((change) => ({ text: change.value, change: change.removed ? "removed" : "same" })),
    after: changes
      .filter((change) => !change.removed)
      .map((change) => ({ text: change.value, change: change.added ? "added" : "same" })),
  };
}
