import sbd from "sbd";
import { type EvidenceDocument, type NLM_CATEGORIES, nlmCategoryForLabel } from "../evidence/index.ts";

export type NlmCategory = (typeof NLM_CATEGORIES)[number];

/** One sentence of a source's abstract, with where it sits: the part of the abstract and how far through. */
export interface SourceSentence {
  text: string;
  category: NlmCategory;
  /** 0 for the abstract's first sentence, 1 for its last. */
  position: number;
}

/** A label written into unstructured text ("CONCLUSION: …", "Results. …"), which is not part of the sentence. */
const INLINE_LABEL =
  /^(?:background|introduction|objectives?|aims?|purpose|methods?|design|setting|results?|findings|conclusions?|interpretation)\s*[:.]\s+/i;

/**
 * A journal-style label in title case without punctuation ("Importance Although…", "Conclusions and Relevance Among
 * patients…", "Design, Setting, and Participants This…"), as JAMA's abstracts run into their text.
 */
const TITLE_CASE_LABEL =
  /^(?:Importance|Context|Background|Objectives?|Aims?|Purpose|Design(?:, Setting,? and Participants| and Setting)?|Setting|Participants|Exposures?|Interventions?|Main Outcomes? and Measures?|Main Outcome Measures?|Measurements|Methods|Results|Findings|Interpretation|Conclusions?(?: and Relevance)?)\s+(?=[A-Z0-9])/;

/** A label in capitals without punctuation ("CONCLUSIONS VD insufficiency…", "MAIN OUTCOME MEASURE Nonfatal…"). */
const CAPITALS_LABEL = /^[A-Z]{3,}'?(?:,?\s+[A-Z]{2,}'?)*\s+(?=[A-Za-z0-9])/;

/**
 * Splits text into sentences, keeping "et al.", "vs.", "Fig. 2" and decimals such as "P < .05" inside them (sbd's
 * own abbreviation list covers those; a list passed to it would replace, not extend, its own).
 */
export function splitSentences(text: string): string[] {
  return sbd
    .sentences(text, { newline_boundaries: true })
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/** The abstract's sentences in order; a structured abstract's sections give each sentence its category. */
export function abstractSentences(document: Pick<EvidenceDocument, "abstract">): SourceSentence[] {
  const parts = document.abstract.flatMap((section) => {
    const category = section.nlmCategory ?? nlmCategoryForLabel(section.label) ?? "UNASSIGNED";
    return splitSentences(section.text).map((sentence) => inlineLabelled(sentence, category));
  });
  const last = Math.max(parts.length - 1, 1);
  return parts.map((part, index) => ({ ...part, position: index / last }));
}

/** Reads a label typed into an unstructured abstract ("CONCLUSIONS: …") as the sentence's category. */
function inlineLabelled(sentence: string, category: NlmCategory): { text: string; category: NlmCategory } {
  const label =
    INLINE_LABEL.exec(sentence) ?? TITLE_CASE_LABEL.exec(sentence) ?? CAPITALS_LABEL.exec(sentence);
  const labelled = label ? nlmCategoryForLabel(label[0]) : undefined;
  if (!label || labelled === undefined) return { text: sentence, category };
  const text = sentence.slice(label[0].length);
  return {
    text: text.charAt(0).toUpperCase() + text.slice(1),
    category: category === "UNASSIGNED" ? labelled : category,
  };
}
