import { stemmer } from "stemmer";
import { STOP_WORDS } from "../search/stop-words.ts";

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/**
 * A word's comparable form: lower case, in American spelling, Porter-stemmed ("fractures" and "fractured" meet at
 * "fractur"; "haematoma" and "hematoma", "labour" and "labor", "randomised" and "randomized" meet too).
 */
export function termOf(word: string): string {
  return stemmer(americanSpelling(word.toLowerCase()));
}

/** British spellings of the literature, as American ones; applied to both sides of every comparison. */
const SPELLINGS: ReadonlyArray<[RegExp, string]> = [
  [/(?<=h|an|leuk|isch|septic|glyc|ur|tox|bacter|vir|lip|hypox)ae(?=m)/g, "e"],
  [/^paed|(?<=ortho)paed/g, "ped"],
  [/^oe(?=soph|dem|stro)|(?<=f)oe(?=t)|(?<=rrh|pn)oe(?=a)/g, "e"],
  [/sulph/g, "sulf"],
  [/(?<=.{3})our$/g, "or"],
  [/(?<=.{3})tre$/g, "ter"],
  [/(?<=.{4})is(?=e$|ed$|es$|ing$|ation$|ations$)/g, "iz"],
  [/(?<=anal|paral|dial)ys(?=e$|ed$|ing$)/g, "yz"],
];

function americanSpelling(word: string): string {
  let spelled = word;
  for (const [british, american] of SPELLINGS) spelled = spelled.replace(british, american);
  return spelled;
}

/** The topic-bearing terms of a text, in order, without function words. */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const [word] of text.matchAll(WORD)) {
    const lower = word.toLowerCase();
    if (!STOP_WORDS.has(lower)) terms.push(termOf(lower));
  }
  return terms;
}

/** Long terms sharing this many first letters are one word in two forms ("angiogram" and "angiography"). */
const STEM_PREFIX = 8;

/** The key under which a long term's first letters are kept (not a term itself: it ends in "…"). */
export function stemPrefix(term: string): string | undefined {
  return term.length >= STEM_PREFIX ? `${term.slice(0, STEM_PREFIX)}…` : undefined;
}

/**
 * A text's terms with their first-letter keys added, so that a question's "angiogram" meets an abstract's
 * "angiography" and "pregnancy" meets "pregnant", where Porter stemming leaves them apart.
 */
export function withStemPrefixes(terms: Iterable<string>): Set<string> {
  const set = new Set<string>();
  const add = (term: string) => {
    set.add(term);
    const prefix = stemPrefix(term);
    if (prefix) set.add(prefix);
  };
  for (const term of terms) {
    add(term);
    // "low-dose" also names "low" and "dose"; "post-tonsillectomy", "tonsillectomy".
    if (term.includes("-")) for (const part of term.split("-")) if (part.length > 1) add(termOf(part));
  }
  return set;
}

/** Units a dose, rate or duration is given in; a number followed by one is compared with its unit. */
const UNIT =
  "%|percent|mg\\/kg|mg\\/m2|mg|mcg|µg|μg|g|kg|ml|mL|l|L|mmol\\/l|mmol|mmhg|mm hg|iu|units?|hours?|h|days?|weeks?|months?|years?|minutes?|min";

/**
 * Numbers as written (1,000 and 1000 alike), each with the unit that follows it when there is one; digits that are
 * part of a name (IL-6, COVID-19, T2DM) are not quantities.
 */
const QUANTITY = new RegExp(
  `(?<![\\p{L}\\d.,]|[\\p{L}\\d]-)(\\d+(?:,\\d{3})*(?:\\.\\d+)?|\\.\\d+)(?:\\s?(${UNIT})(?![\\p{L}]))?`,
  "gu",
);

/**
 * The numbers, doses, percentages and durations a text states, normalised ("5 mg", "25%", "0.5"): what must
 * occur in a cited source for a statement to count as supported.
 */
export function quantities(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(QUANTITY)) {
    const value = normaliseNumber(match[1] ?? "");
    const unit = normaliseUnit(match[2]);
    found.push(unit ? `${value} ${unit}` : value);
  }
  return found;
}

/** Both the bare numbers and the number-unit pairs of a source, for looking up a statement's quantities. */
export function quantitySet(text: string): Set<string> {
  const set = new Set<string>();
  for (const quantity of quantities(text)) {
    set.add(quantity);
    set.add(quantity.split(" ")[0] ?? quantity);
  }
  return set;
}

function normaliseNumber(raw: string): string {
  const plain = raw.replaceAll(",", "");
  return plain.startsWith(".") ? `0${plain}` : plain;
}

function normaliseUnit(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const unit = raw.toLowerCase().replace(/\s+/g, "");
  if (unit === "percent") return "%";
  if (unit === "μg" || unit === "µg") return "mcg";
  if (unit === "h" || unit.startsWith("hour")) return "hours";
  if (unit === "min" || unit.startsWith("minute")) return "minutes";
  for (const period of ["day", "week", "month", "year", "unit"])
    if (unit.startsWith(period)) return `${period}s`;
  return unit;
}
