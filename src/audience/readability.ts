import { colemanLiau } from "coleman-liau";
import { fleschKincaid } from "flesch-kincaid";
import sbd from "sbd";
import { syllable } from "syllable";

/** U.S. school grades a text needs, by two independent formulas (one counts syllables, one letters). */
export interface Readability {
  fleschKincaidGrade: number;
  colemanLiauGrade: number;
  sentences: number;
  words: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Readability of a text made of whole sentences; an empty text has grade 0. */
export function readability(text: string): Readability {
  const sentences = sbd
    .sentences(text, { newline_boundaries: true })
    .filter((sentence) => HAS_WORD.test(sentence));
  const words = text.match(WORD) ?? [];
  if (sentences.length === 0 || words.length === 0) {
    return { fleschKincaidGrade: 0, colemanLiauGrade: 0, sentences: 0, words: 0 };
  }
  const counts = { sentence: sentences.length, word: words.length };
  return {
    fleschKincaidGrade: round(
      fleschKincaid({ ...counts, syllable: words.reduce((sum, word) => sum + syllable(word), 0) }),
    ),
    colemanLiauGrade: round(
      colemanLiau({
        ...counts,
        letter: words.reduce((sum, word) => sum + word.replace(/[^\p{L}]/gu, "").length, 0),
      }),
    ),
    sentences: sentences.length,
    words: words.length,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
