import type { NLM_CATEGORIES } from "./evidence-document.ts";

type NlmCategory = (typeof NLM_CATEGORIES)[number];

/** Words in free-text abstract labels ("PATIENTS AND METHODS", "AIMS") and the NLM category each signals. */
const LABEL_CUES: ReadonlyArray<[RegExp, NlmCategory]> = [
  [/BACKGROUND|INTRODUCTION|CONTEXT|RATIONALE|IMPORTANCE/, "BACKGROUND"],
  [/OBJECTIVE|PURPOSE|AIM|GOAL|QUESTION|HYPOTHES/, "OBJECTIVE"],
  [
    /METHOD|DESIGN|SETTING|PATIENT|PARTICIPANT|SUBJECT|INTERVENTION|MEASURE|MATERIAL|PROCEDURE|EXPOSURE|SELECTION|CRITERIA|ELIGIBILITY|SEARCH|SOURCE|EXTRACTION|COLLECTION|ANALYSIS|STRATEGY/,
    "METHODS",
  ],
  [/RESULT|FINDING|OUTCOMES?(?! MEASURE)/, "RESULTS"],
  [/CONCLU|INTERPRETATION|IMPLICATION|SUMMARY/, "CONCLUSIONS"],
];

/**
 * The NLM category a structured-abstract label stands for, when the source gives none. A label naming two parts
 * ("BACKGROUND AND PURPOSE") takes the one it names first.
 */
export function nlmCategoryForLabel(label: string | undefined): NlmCategory | undefined {
  if (!label) return undefined;
  const upper = label.toUpperCase();
  let best: { at: number; category: NlmCategory } | undefined;
  for (const [cue, category] of LABEL_CUES) {
    const at = upper.search(cue);
    if (at >= 0 && (best === undefined || at < best.at)) best = { at, category };
  }
  return best?.category;
}
