import { createRequire } from "node:module";
import type { Glossary, GlossaryMatch } from "./glossary.ts";
import type { TermDisplay } from "./reader-profiles.ts";

/** Words that turn a claim around; a rewrite that loses or adds one would change what the source says. */
const NEGATIONS = /\b(?:no|not|never|none|neither|nor|without|cannot|n't)\b/gi;

/** Numbers as written, for checking that a rewrite adds none. */
const NUMBER = /\d+(?:[.,]\d+)*/g;

/**
 * Shows the glossary's terms as a reader profile asks. "plain" replaces a term by its plain words when they are
 * short (renal → kidney); a longer description is given once, after the term's first use ("spondylolysis (a stress
 * fracture at the back of the spine)"), so the reader keeps the word their clinician will use. "glossed" does that
 * for every term. `glossed` is shared across the statements of one answer so that each term is explained once.
 */
export function showTerms(
  text: string,
  glossary: Glossary,
  display: TermDisplay,
  glossed = new Set<string>(),
): string {
  if (display === "technical") return text;
  let result = "";
  let at = 0;
  for (const match of glossary.find(text)) {
    if (match.start < at) continue;
    const shown = shownTerm(text, match, display, glossed);
    if (shown === undefined) continue;
    result += text.slice(at, match.start) + shown;
    at = match.end;
  }
  return result + text.slice(at);
}

/** Plain words this short stand in for the term; longer ones explain it instead. */
const MAX_REPLACEMENT_WORDS = 3;

function shownTerm(
  text: string,
  match: GlossaryMatch,
  display: TermDisplay,
  glossed: Set<string>,
): string | undefined {
  const written = text.slice(match.start, match.end);
  const plain = plainFor(match);
  if (plain === undefined) return undefined;
  const before = text.slice(0, match.start);
  const replaces = display === "plain" && plain.split(/\s+/).length <= MAX_REPLACEMENT_WORDS;
  if (replaces) {
    // "bilateral defects" cannot become "on both sides defects": a prepositional phrase cannot stand before a noun.
    if (PREPOSITION_FIRST.test(plain) && /^\s+\p{L}/u.test(text.slice(match.end))) return undefined;
    const fitted = withArticleFor(plain, before);
    return startsSentence(before) ? fitted.charAt(0).toUpperCase() + fitted.slice(1) : fitted;
  }
  if (glossed.has(match.entry.term)) return written;
  glossed.add(match.entry.term);
  return `${written} (${plain})`;
}

const PREPOSITION_FIRST = /^(?:on|in|at|of|with|by|for|from|to|without|after|before)\s/i;

function startsSentence(before: string): boolean {
  return /(?:^|[.!?]\s+)$/.test(before);
}

/** The plain words for a match; a plural is made only of a one-word replacement ("painkiller" → "painkillers"). */
function plainFor(match: GlossaryMatch): string | undefined {
  if (!match.plural) return match.entry.plain;
  return /\s/.test(match.entry.plain) ? undefined : `${match.entry.plain}s`;
}

/** Words after which a replacement keeps its own "a"/"an" ("with a stress fracture"). */
const TAKES_ARTICLE =
  /(?:^|[.;:!?]\s*|\b(?:with|of|for|from|to|after|before|has|had|have|is|was|as|like|or|and)\s+)$/i;

/**
 * A replacement that opens with "a" or "an" keeps it after a preposition or verb, and drops it after a word that
 * already determines the noun ("early spondylolysis" → "early stress fracture…", not "early a stress fracture…").
 */
function withArticleFor(plain: string, before: string): string {
  return TAKES_ARTICLE.test(before) ? plain : plain.replace(/^an?\s+/i, "");
}

/** Statistics that mean little to a lay reader: P values, confidence intervals, "respectively". */
const STATISTICS = [
  /[,;]?\s*\(?\b[pP]\s*(?:[<=>≤≥]|&lt;|&gt;)\s*0?\.\d+\)?/g,
  /[,;]?\s*\b95\s*%\s*(?:CI|confidence interval)\b[^,;.)]*/gi,
  /,?\s*\brespectively\b/gi,
];

type Nlp = typeof import("compromise").default;
let clauseParser: Nlp | undefined;

/** compromise takes most of a second to load; only lay readers' answers need it, so it loads on first use. */
function nlp(text: string): ReturnType<Nlp> {
  clauseParser ??= createRequire(import.meta.url)("compromise") as Nlp;
  return clauseParser(text);
}

/** A sentence longer than this is split into its main clauses when it has more than one. */
const LONG_SENTENCE_WORDS = 18;

/** Clauses that open with one of these join two statements and can stand as sentences of their own. */
const COORDINATED = /^(?:and|but|while|whereas|although|though|however|yet)\b,?\s*/i;

/** How a clause opens once it stands alone: "but" stays as "But"; a bare "and" goes. */
const OPENINGS: Record<string, string> = {
  but: "But ",
  yet: "Yet ",
  while: "Meanwhile, ",
  whereas: "By contrast, ",
  although: "However, ",
  though: "However, ",
  however: "However, ",
};

/**
 * Rewrites a source's sentence for a lay reader, deterministically: parentheses and statistics dropped, long
 * sentences split at clause boundaries, terms shown as the profile asks. The rewrite keeps the claim: when it would
 * add a number or lose or add a negation, the sentence is returned with only its terms changed.
 */
export function simplifySentence(
  sentence: string,
  glossary: Glossary,
  display: TermDisplay,
  glossed?: Set<string>,
): string {
  let text = dropParentheticals(sentence);
  for (const pattern of STATISTICS) text = text.replace(pattern, "");
  text = splitLongSentence(tidy(text));
  text = showTerms(text, glossary, display, glossed);
  const plainTerms = showTerms(sentence, glossary, display, new Set(glossed));
  return keepsClaim(sentence, text) ? tidy(text) : plainTerms;
}

function dropParentheticals(text: string): string {
  let result = text;
  // Inner groups first: "(95% CI (1.2-3.4))".
  for (let previous = ""; previous !== result; ) {
    previous = result;
    result = result.replace(/\s*[([][^()[\]]*[)\]]/g, "");
  }
  return result;
}

/**
 * Splits a long sentence at its coordinated main clauses (compromise finds the clauses): "Most recover with rest,
 * and surgery is rarely needed" → "Most recover with rest. Surgery is rarely needed." Subordinate clauses stay.
 */
function splitLongSentence(text: string): string {
  if (text.split(/\s+/).length <= LONG_SENTENCE_WORDS) return text;
  const clauses: string[] = nlp(text).clauses().out("array");
  const sentences: string[] = [];
  for (const clause of clauses.map((part) => part.trim()).filter(Boolean)) {
    const opener = COORDINATED.exec(clause);
    const last = sentences.length - 1;
    if (
      opener === null ||
      last < 0 ||
      clause.split(/\s+/).length < 5 ||
      (sentences[last] ?? "").split(/\s+/).length < 5
    ) {
      if (last < 0) sentences.push(clause);
      else sentences[last] = `${sentences[last]} ${clause}`;
      continue;
    }
    const rest = clause.slice(opener[0].length);
    const opening = OPENINGS[opener[0].trim().replace(/,$/, "").toLowerCase()] ?? "";
    sentences[last] = (sentences[last] ?? "").replace(/[,;:]\s*$/, "");
    sentences.push(opening ? opening + rest : rest.charAt(0).toUpperCase() + rest.slice(1));
  }
  return sentences.map((sentence) => (/[.!?]$/.test(sentence) ? sentence : `${sentence}.`)).join(" ");
}

function tidy(text: string): string {
  return text
    .replace(/\s+([,.;:])/g, "$1")
    .replace(/([,;:])(?=[.])/g, "")
    .replace(/\s{2,}/g, " ")
    .trim();
}

/** Same negations, no number that the source sentence does not have. */
function keepsClaim(original: string, rewritten: string): boolean {
  const negations = (text: string) =>
    (text.match(NEGATIONS) ?? [])
      .map((word) => word.toLowerCase())
      .sort()
      .join(" ");
  if (negations(original) !== negations(rewritten)) return false;
  const numbers = new Set(original.match(NUMBER) ?? []);
  return (rewritten.match(NUMBER) ?? []).every((number) => numbers.has(number));
}
