import { matchKey } from "./medical-vocabulary.ts";

/** A short form: one token of 2–10 characters with a capital in it ("IR", "ESCs", "IL-6", "Th17"). */
const SHORT_FORM = /^(?=.*\p{Lu})[\p{L}\p{N}][\p{L}\p{N}-]{1,9}$/u;
/** "long form (SF)" and "SF (long form)": the text before a parenthesis and what it encloses. */
const PARENTHESIS = /([^()]*)\(([^()]+)\)/gu;

/**
 * The abbreviations a question defines itself, by match key: "ionizing radiation (IR)", "IR (ionizing radiation)".
 * The question has said what it means, so the vocabulary's other senses (IR: insulin resistance) do not apply.
 * A short form counts as defined when its letters can be found, in order, in the words beside it, the first at
 * the start of a word (the Schwartz–Hearst rule).
 */
export function definedAbbreviations(text: string): Set<string> {
  return new Set(abbreviationDefinitions(text).keys());
}

/**
 * The abbreviations a text defines, each with its long form, by the short form's match key: "displaced midshaft
 * clavicular fractures (DMCF)" gives dmcf → "displaced midshaft clavicular fractures". The long form is taken as
 * many words back as the short form has letters (or what the parenthesis encloses).
 */
export function abbreviationDefinitions(text: string): Map<string, string> {
  const defined = new Map<string, string>();
  for (const [, before = "", inside = ""] of text.matchAll(PARENTHESIS)) {
    const enclosed = inside.trim();
    const preceding = before.trim().split(/\s+/).filter(Boolean);
    if (SHORT_FORM.test(enclosed)) {
      if (spellsOut(enclosed, preceding)) {
        const letters = enclosed.replace(/[^\p{L}\p{N}]/gu, "").length;
        defined.set(matchKey(enclosed), preceding.slice(-letters).join(" "));
      }
    } else {
      const shortForm = preceding.at(-1) ?? "";
      const longForm = enclosed.split(/\s+/);
      if (SHORT_FORM.test(shortForm) && longForm.length >= 2 && spellsOut(shortForm, longForm)) {
        defined.set(matchKey(shortForm), enclosed);
      }
    }
  }
  return defined;
}

/** Whether the short form's letters and digits appear in order in the last few words, the first opening a word. */
function spellsOut(shortForm: string, words: readonly string[]): boolean {
  const characters = [...shortForm.toLowerCase()].filter((character) => /[\p{L}\p{N}]/u.test(character));
  const reach = Math.min(characters.length + 5, characters.length * 2);
  const longForm = words.slice(-reach).join(" ").toLowerCase();
  let at = longForm.length - 1;
  for (let index = characters.length - 1; index >= 0; index--) {
    const first = index === 0;
    while (at >= 0 && (longForm[at] !== characters[index] || (first && !startsWord(longForm, at)))) at--;
    if (at < 0) return false;
    at--;
  }
  return true;
}

function startsWord(text: string, at: number): boolean {
  return at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1] ?? "");
}
