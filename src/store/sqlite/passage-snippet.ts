import { stemmer } from "stemmer";
import type { Snippet } from "../corpus-store.ts";

/** Words a snippet shows, as FTS5's snippet() did with 40. */
const SNIPPET_WORDS = 40;
/** Words shown before the first match of a passage, so that it does not open on the matched word. */
const LEAD_WORDS = 4;
const ELLIPSIS = "…";
/** FTS5's unicode61 tokens: runs of letters, digits and private-use characters. */
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;
/** Word → stem memory; past this many words it starts again. */
const REMEMBERED = 200_000;

interface Word {
  start: number;
  end: number;
  matched: string | undefined;
}

/**
 * The passage of a document that best shows why it matched: in the field (title, abstract, MeSH, keywords) with
 * the most distinct query tokens, the 40 words that hold the most of them, the matched words marked. Tokens are
 * compared as the search index stores them (Unicode words, lower case, without diacritics, Porter stems), so a
 * passage marks "fractures" for a search of "fractured". Undefined when no field holds a query token.
 */
export class PassageSnippets {
  private readonly stems = new Map<string, string>();

  snippet(fields: ReadonlyArray<string | null>, queryTokens: ReadonlySet<string>): Snippet | undefined {
    // Only words that open like a query token can stem to one (Porter stems keep a word's first three letters).
    const openings = new Openings(queryTokens);
    let best: { text: string; words: Word[]; from: number; to: number; score: number } | undefined;
    for (const text of fields) {
      if (!text) continue;
      const words = this.words(text, queryTokens, openings);
      const window = bestWindow(words);
      // A tie goes to the later field: the abstract says more than the title shown above it.
      if (window.score > 0 && (best === undefined || window.score >= best.score))
        best = { text, words, ...window };
    }
    return best && render(best.text, best.words, best.from, best.to);
  }

  private words(text: string, queryTokens: ReadonlySet<string>, openings: Openings): Word[] {
    return Array.from(text.matchAll(TOKEN), (match) => {
      const word = match[0];
      const token = openings.admit(word) ? this.tokenOf(word) : undefined;
      return {
        start: match.index,
        end: match.index + word.length,
        matched: token !== undefined && queryTokens.has(token) ? token : undefined,
      };
    });
  }

  private tokenOf(word: string): string {
    let token = this.stems.get(word);
    if (token === undefined) {
      const folded = fold(word);
      token = /^[a-z]+$/.test(folded) ? stemmer(folded) : folded;
      if (this.stems.size >= REMEMBERED) this.stems.clear();
      this.stems.set(word, token);
    }
    return token;
  }
}

/** Lower case, without diacritics, as the index's tokenizer folds a word. */
function fold(word: string): string {
  return ascii(word) ? word.toLowerCase() : word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function ascii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The first letters of the query tokens: a word that opens otherwise cannot stem to one of them. */
class Openings {
  private readonly openings: Set<string>;
  private readonly lengths: number[];

  constructor(tokens: ReadonlySet<string>) {
    this.openings = new Set([...tokens].map((token) => token.slice(0, 3)));
    this.lengths = [...new Set([...tokens].map((token) => Math.min(3, token.length)))];
  }

  admit(word: string): boolean {
    for (const length of this.lengths) {
      const opening = word.slice(0, length).toLowerCase();
      if (this.openings.has(opening) || (!ascii(opening) && this.openings.has(fold(opening)))) return true;
    }
    return false;
  }
}

/**
 * The run of at most SNIPPET_WORDS words with the most distinct matched tokens (then the most matches), opening a
 * few words before its first match; its score counts distinct tokens a thousand times over repeats.
 */
function bestWindow(words: readonly Word[]): { from: number; to: number; score: number } {
  let best = { from: 0, to: Math.min(words.length, SNIPPET_WORDS), score: 0 };
  for (let first = 0; first < words.length; first++) {
    if (words[first]?.matched === undefined) continue;
    const from = Math.max(0, Math.min(first - LEAD_WORDS, words.length - SNIPPET_WORDS));
    const to = Math.min(words.length, from + SNIPPET_WORDS);
    const score = windowScore(words, from, to);
    if (score > best.score) best = { from, to, score };
  }
  return best;
}

function windowScore(words: readonly Word[], from: number, to: number): number {
  const distinct = new Set<string>();
  let matches = 0;
  for (let i = from; i < to; i++) {
    const matched = words[i]?.matched;
    if (matched === undefined) continue;
    distinct.add(matched);
    matches++;
  }
  return distinct.size * 1000 + matches;
}

function render(text: string, words: readonly Word[], from: number, to: number): Snippet {
  const first = words[from];
  const last = words[to - 1];
  if (first === undefined || last === undefined) return { text: "", highlights: [] };
  const start = from === 0 ? 0 : first.start;
  const end = to === words.length ? text.length : last.end;
  const before = start > 0 ? ELLIPSIS : "";
  const shift = before.length - start;
  const highlights = words
    .slice(from, to)
    .filter((word) => word.matched !== undefined)
    .map((word): [number, number] => [word.start + shift, word.end + shift]);
  return { text: `${before}${text.slice(start, end)}${end < text.length ? ELLIPSIS : ""}`, highlights };
}
