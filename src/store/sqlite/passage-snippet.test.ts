import { describe, expect, it } from "vitest";
import { PassageSnippets } from "./passage-snippet.ts";

const marked = (snippet: { text: string; highlights: Array<[number, number]> } | undefined) =>
  snippet?.highlights.map(([start, end]) => snippet.text.slice(start, end));

describe("PassageSnippets", () => {
  const passages = new PassageSnippets();

  it("marks words whose stems are the query's tokens, in the field that holds most of them", () => {
    const snippet = passages.snippet(
      ["Back pain in athletes", "Bracing helped; the fractures healed and FRACTURED bones were braced."],
      new Set(["brace", "fractur", "heal"]),
    );
    expect(snippet?.text).toBe("Bracing helped; the fractures healed and FRACTURED bones were braced.");
    expect(marked(snippet)).toEqual(["Bracing", "fractures", "healed", "FRACTURED", "braced"]);
  });

  it("folds diacritics and splits hyphenated words as the index does", () => {
    const snippet = passages.snippet(["Sjögren syndrome and IL-6"], new Set(["sjogren", "il", "6"]));
    expect(marked(snippet)).toEqual(["Sjögren", "IL", "6"]);
  });

  it("shows forty words around the most distinct matches, with an ellipsis where the text goes on", () => {
    const filler = (count: number) => Array.from({ length: count }, (_, i) => `filler${i}`).join(" ");
    const text = `${filler(60)} aspirin lowers stroke risk ${filler(60)}`;
    const snippet = passages.snippet([text], new Set(["aspirin", "stroke"]));
    expect(snippet?.text.startsWith("…filler56 ")).toBe(true);
    expect(snippet?.text.endsWith("…")).toBe(true);
    expect(snippet?.text.match(/[\p{L}\p{N}]+/gu)?.length).toBe(40);
    expect(marked(snippet)).toEqual(["aspirin", "stroke"]);
  });

  it("has nothing to show for a document that holds none of the query's tokens", () => {
    expect(passages.snippet(["Asthma in children", null], new Set(["brace"]))).toBeUndefined();
  });
});
