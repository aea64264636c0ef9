import { stemmer } from "stemmer";
import { STOP_WORDS } from "../search/stop-words.ts";

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** A word's comparable form: lower case, Porter-stemmed ("fractures" and "fractured" meet at "fractur"). */
export function termOf(word: string): string {
  return stemmer(word.toLowerCase());
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
