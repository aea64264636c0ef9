import { readFileSync } from "node:fs";

/** A technical term and the plain words that can stand in its place in a sentence. */
export interface GlossaryEntry {
  term: string;
  plain: string;
  kind: string;
}

export interface Glossary {
  entries: readonly GlossaryEntry[];
  /** Every glossary term in a text, longest first at each place, with where it stands. */
  find(text: string): GlossaryMatch[];
}

export interface GlossaryMatch {
  start: number;
  end: number;
  entry: GlossaryEntry;
  /** The term was written as a regular plural ("analgesics" for "analgesic"). */
  plural: boolean;
}

const FILE = new URL("./glossary/glossary.tsv", import.meta.url);

let loaded: Glossary | undefined;

/** The project's plain-language glossary (glossary/glossary.tsv), loaded once per process. */
export function plainLanguageGlossary(): Glossary {
  loaded ??= buildGlossary(readFileSync(FILE, "utf8"));
  return loaded;
}

export function buildGlossary(tsv: string): Glossary {
  const entries = tsv
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t"))
    .filter(([term, plain]) => term && plain)
    .map(([term = "", plain = "", kind = ""]) => ({ term, plain, kind }));
  // One pattern, longest terms first, so "spinal fusion" wins over "fusion" at the same place.
  const byTerm = new Map(entries.map((entry) => [entry.term.toLowerCase(), entry]));
  const alternatives = [...byTerm.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}-])(?:${alternatives.join("|")})(s|es)?(?![\\p{L}\\p{N}-])`,
    "giu",
  );
  return {
    entries,
    find(text) {
      const matches: GlossaryMatch[] = [];
      for (const match of text.matchAll(pattern)) {
        const suffix = match[1] ?? "";
        const written = match[0].toLowerCase();
        const entry = byTerm.get(written) ?? byTerm.get(written.slice(0, written.length - suffix.length));
        if (entry === undefined) continue;
        const start = match.index ?? 0;
        matches.push({
          start,
          end: start + match[0].length,
          entry,
          plural: byTerm.get(written) === undefined,
        });
      }
      return matches;
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
