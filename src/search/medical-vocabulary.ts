import { readFileSync } from "node:fs";

/** How a query phrase maps to other words for the same thing. */
export type ExpansionKind = "abbreviation" | "synonym" | "spelling" | "drug" | "drug-class";

export interface VocabularySense {
  text: string;
  kind: ExpansionKind;
  /** Cue words that make this sense the likely one (ambiguous abbreviations only). */
  context: readonly string[];
}

/**
 * The project's own vocabulary (src/search/vocabulary/*.tsv), indexed by match key: lower case, hyphens as
 * spaces, a plural "s" dropped from each word — so "Water tablets" finds "water tablet".
 */
export interface MedicalVocabulary {
  senses(key: string): readonly VocabularySense[] | undefined;
  /** The longest phrase, in words, that any entry has: how far ahead the matcher needs to look. */
  longestPhrase: number;
  size: number;
  /** Whether some entry uses the word, on either side: "pregnant", "sleep", "tummy" are the vocabulary's words. */
  usesWord(word: string): boolean;
  /** The unambiguous abbreviations of a term ("atrial fibrillation" → AF): how abstracts often write it. */
  abbreviationsOf(phrase: string): readonly string[];
}

const FILES = {
  abbreviations: new URL("./vocabulary/abbreviations.tsv", import.meta.url),
  synonyms: new URL("./vocabulary/synonyms.tsv", import.meta.url),
  spellings: new URL("./vocabulary/spellings.tsv", import.meta.url),
  drugs: new URL("./vocabulary/drugs.tsv", import.meta.url),
  drugClasses: new URL("./vocabulary/drug-classes.tsv", import.meta.url),
};

/** Words are compared this way on both sides (vocabulary and query). */
export function matchKey(phrase: string): string {
  return phrase
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[-/]/g, " ")
    .split(/\s+/)
    .filter(Boolean)
    .map(singular)
    .join(" ");
}

function singular(word: string): string {
  return word.length > 3 &&
    word.endsWith("s") &&
    !word.endsWith("ss") &&
    !word.endsWith("us") &&
    !word.endsWith("is")
    ? word.slice(0, -1)
    : word;
}

function rows(url: URL): string[][] {
  return readFileSync(url, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .slice(1) // header
    .map((line) => line.split("\t").map((cell) => cell.trim()));
}

let loaded: MedicalVocabulary | undefined;

/** Loads the vocabulary once per process. */
export function medicalVocabulary(): MedicalVocabulary {
  loaded ??= buildVocabulary();
  return loaded;
}

function buildVocabulary(): MedicalVocabulary {
  const index = new Map<string, VocabularySense[]>();
  const words = new Set<string>();
  let size = 0;
  const add = (from: string, to: string, kind: ExpansionKind, context: readonly string[] = []) => {
    const key = matchKey(from);
    if (!key || matchKey(to) === key) return;
    for (const word of `${key} ${matchKey(to)}`.split(" ")) words.add(word);
    const senses = index.get(key) ?? [];
    if (!senses.some((sense) => sense.text === to)) senses.push({ text: to, kind, context });
    index.set(key, senses);
    size++;
  };
  const abbreviationRows = rows(FILES.abbreviations);
  for (const [abbreviation = "", expansion = "", context = ""] of abbreviationRows) {
    add(abbreviation, expansion, "abbreviation", context.split(/\s+/).filter(Boolean));
  }
  // Expansions run towards the words the literature uses: lay → clinical and brand → generic (the reverse
  // only adds noise to a scientific query); spelling and international drug names go both ways.
  for (const [clinical = "", lay = ""] of rows(FILES.synonyms)) add(lay, clinical, "synonym");
  for (const [british = "", american = ""] of rows(FILES.spellings)) {
    add(british, american, "spelling");
    add(american, british, "spelling");
  }
  const classes = drugClasses();
  for (const [generic, names] of classes) for (const name of names) add(generic, name, "drug-class");
  for (const [name = "", generic = "", kind = ""] of rows(FILES.drugs)) {
    add(name, generic, "drug");
    if (kind === "international") add(generic, name, "drug");
    // A brand (or another name) reaches its generic's class too: abstracts often name only the class.
    for (const className of classes.get(matchKey(generic)) ?? []) add(name, className, "drug-class");
  }
  const longestPhrase = Math.max(1, ...[...index.keys()].map((key) => key.split(" ").length));
  const abbreviations = unambiguousAbbreviations(abbreviationRows);
  return {
    senses: (key) => index.get(key),
    abbreviationsOf: (phrase) => abbreviations.get(matchKey(phrase)) ?? [],
    longestPhrase,
    size,
    usesWord: (word) => words.has(matchKey(word)),
  };
}

/** Each generic's classes (drug-classes.tsv), by the generic's match key. */
/** Each expansion's abbreviations that have no other sense, by the expansion's match key. */
function unambiguousAbbreviations(abbreviationRows: readonly string[][]): Map<string, string[]> {
  const senses = new Map<string, number>();
  for (const [abbreviation = ""] of abbreviationRows)
    senses.set(abbreviation, (senses.get(abbreviation) ?? 0) + 1);
  const byExpansion = new Map<string, string[]>();
  for (const [abbreviation = "", expansion = ""] of abbreviationRows) {
    if (senses.get(abbreviation) !== 1 || abbreviation.length < 2) continue;
    const key = matchKey(expansion);
    byExpansion.set(key, [...(byExpansion.get(key) ?? []), abbreviation]);
  }
  return byExpansion;
}

function drugClasses(): Map<string, string[]> {
  const classes = new Map<string, string[]>();
  for (const [generic = "", className = ""] of rows(FILES.drugClasses)) {
    const key = matchKey(generic);
    classes.set(key, [...(classes.get(key) ?? []), className]);
  }
  return classes;
}
