import type { Snippet } from "./corpus-store.ts";

/** Private-use characters that mark matched words in a store's snippet text, where no document text has them. */
export const HIGHLIGHT_START = "\uE000";
export const HIGHLIGHT_END = "\uE001";

/** A marked snippet as text and the [start, end) offsets of its matched words. */
export function parseHighlights(marked: string): Snippet {
  const highlights: Array<[number, number]> = [];
  let text = "";
  let start = -1;
  for (const char of marked) {
    if (char === HIGHLIGHT_START) start = text.length;
    else if (char === HIGHLIGHT_END && start >= 0) {
      highlights.push([start, text.length]);
      start = -1;
    } else text += char;
  }
  return { text, highlights };
}
