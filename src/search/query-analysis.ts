import { definedAbbreviations } from "./abbreviation-definitions.ts";
import {
  type ExpansionKind,
  type MedicalVocabulary,
  matchKey,
  medicalVocabulary,
} from "./medical-vocabulary.ts";
import { STOP_WORDS } from "./stop-words.ts";

/** What kind of clinical question was asked; it shapes the answer later, not which words are searched. */
export type QuestionType =
  | "treatment"
  | "diagnosis"
  | "prognosis"
  | "etiology"
  | "dosing"
  | "comparison"
  | "definition"
  | "unknown";

/** One thing the question is about, as typed, with other ways the literature names it. */
export interface QueryConcept {
  text: string;
  weight: number;
  expansions: Array<{ text: string; weight: number; kind: ExpansionKind }>;
}

export interface AnalyzedQuery {
  text: string;
  questionType: QuestionType;
  concepts: QueryConcept[];
  /** MeSH descriptors of the corpus that the question (or an expansion of it) names. */
  meshDescriptors: string[];
}

export interface AnalysisSettings {
  /** Weight of a vocabulary expansion (lay → clinical, another spelling) relative to the words typed. */
  expansionWeight: number;
  /**
   * Weight of an abbreviation's spelled-out senses relative to the abbreviation typed, shared among its senses
   * (see senseShare): the sense is what the abbreviation says.
   */
  abbreviationWeight: number;
  /**
   * Weight of a drug's other name (brand to generic, international to US name) relative to the words typed. The
   * same substance under another name, and abstracts rarely print brands, so the generic stands in for the brand.
   */
  drugNameWeight: number;
  /**
   * Weight of a drug's class (atorvastatin or Lipitor → statin) relative to the words typed: evidence about the
   * class bears on its members, but less directly than evidence naming the drug.
   */
  drugClassWeight: number;
  /** Weight of words that only frame the question ("treatment", "risk"), relative to topic words. */
  framingWeight: number;
  /** Weight of the match between MeSH descriptors the question names and the documents' MeSH headings. */
  meshWeight: number;
  /**
   * Whether an expansion stands in for its concept as typed, scoring only documents without the words typed; a
   * document naming the concept both ways is then scored once rather than twice.
   */
  expansionsStandIn: boolean;
}

/**
 * Tuned on SciFact's training claims and the odd-numbered half of the vocabulary-mismatch set (the even half is
 * held out): expansion weight 0.75 keeps SciFact within 0.003 nDCG@10 of 0.5 while lifting mismatch Recall@10
 * (raising it to 1 cost SciFact 0.0036); abbreviation weight 1 was better than 0.75 on both (SciFact +0.0002, odd
 * half nDCG@10 +0.0065) where 1.25 was not; drug-name weight 1.5 was best on the odd half of 0.75, 1, 1.25, 1.5
 * and 2 (2 added 0.0007 nDCG@10) and leaves SciFact, whose claims name no brands, unchanged. Drug-class weight
 * 0.5 (2026-12-07): of 0.25, 0.5, 0.75 and 1 on the odd half, 0.5 had the best MRR@10 and nDCG@10 within 0.001 of
 * the best (1); SciFact unchanged.
 */
export const DEFAULT_ANALYSIS: AnalysisSettings = {
  expansionWeight: 0.75,
  abbreviationWeight: 1,
  drugNameWeight: 1.5,
  drugClassWeight: 0.5,
  framingWeight: 0.5,
  meshWeight: 0.5,
  expansionsStandIn: true,
};

/** Descriptor names by match key (see matchKey), as a store lists them. */
export type DescriptorIndex = ReadonlyMap<string, string>;

export function descriptorIndex(descriptors: readonly string[]): DescriptorIndex {
  return new Map(descriptors.map((descriptor) => [matchKey(descriptor), descriptor]));
}

/** Longer input is cut: a question is never this long, and it keeps the query cheap. */
export const MAX_QUERY_CHARACTERS = 2000;

const GREEK: Record<string, string> = {
  α: "alpha",
  β: "beta",
  γ: "gamma",
  δ: "delta",
  κ: "kappa",
  μ: "mu",
  τ: "tau",
  ω: "omega",
};

/** Word tokens with inner hyphens, slashes-free; keeps IL-6, COVID-19, HbA1c, 5-FU, T2DM, Crohn's and A&E whole. */
const TOKEN = /[\p{L}\p{N}]+(?:[-'’.&][\p{L}\p{N}]+)*/gu;

/** Openings that only frame a question ("what is the", "should I"); they are dropped before searching. */
const FRAMING_OPENINGS =
  /^(?:(?:please\s+)?(?:can|could)\s+you\s+(?:tell\s+me|explain)\s+|tell\s+me\s+about\s+|what(?:'s|\s+is|\s+are)\s+(?:the\s+)?|how\s+(?:do|does|should|can|is|are)\s+(?:i|you|we|one|it)?\s*|should\s+(?:i|we|you)\s+|is\s+it\s+(?:safe|ok|okay|true|possible)\s+(?:to|that)\s+|do\s+i\s+need\s+(?:to\s+)?|i\s+(?:want|need)\s+to\s+know\s+)/i;

/** Words that say what kind of answer is wanted; searched with a lower weight. */
const QUESTION_CUES: ReadonlyArray<[QuestionType, RegExp]> = [
  ["comparison", /\b(?:vs\.?|versus|compared\s+(?:with|to)|better\s+than)\b/i],
  ["dosing", /\b(?:dose|doses|dosing|dosage|how\s+much|mg\/kg|titrat\w*)\b/i],
  [
    "treatment",
    /\b(?:treat\w*|therap\w*|manag\w*|cure\w*|remed\w*|prevent\w*|heal(?:s|ing)?|help(?:s|ful)?)\b/i,
  ],
  ["diagnosis", /\b(?:diagnos\w*|test\w*|screen\w*|work-?up|imaging|detect\w*)\b/i],
  ["prognosis", /\b(?:prognos\w*|outlook|life\s+expectancy|surviv\w*|recover\w*)\b/i],
  ["etiology", /\b(?:caus\w*|risk\s+factors?|why\s+(?:do|does|did|is|are)|etiolog\w*|aetiolog\w*)\b/i],
];

const FRAMING_WORDS = new Set([
  "treatment",
  "treatments",
  "treat",
  "therapy",
  "management",
  "manage",
  "diagnosis",
  "diagnose",
  "diagnosed",
  "treated",
  "managed",
  "prevent",
  "prevents",
  "prevention",
  "dose",
  "doses",
  "dosing",
  "dosage",
  "prognosis",
  "cause",
  "causes",
  "risk",
  "best",
  "options",
  "option",
  "recommended",
  "recommendation",
  "guidelines",
]);

/** Abbreviations that are also everyday words: they expand only when typed in capitals. */
const WORD_LIKE_ABBREVIATIONS = new Set(
  `ace act all an arm art as aspects audit bed cap cup did dip dish dot dress ed en er fast fees fish fit gas
  gold grace grade he hit id it lad mac mace map mat men met mods net oasis odd odds or os pad pan pas pet pics plex
  pod poem pop pul rat sad scar sign smart stat tap ten tens tips top torch tot us wad who`.split(/\s+/),
);

export function questionType(text: string): QuestionType {
  for (const [type, cue] of QUESTION_CUES) if (cue.test(text)) return type;
  return /^\s*what\s+(?:is|are)\b/i.test(text) ? "definition" : "unknown";
}

/** Breaks a question into concepts and finds the vocabulary's other names for each. */
export function analyzeQuery(
  text: string,
  settings: AnalysisSettings = DEFAULT_ANALYSIS,
  descriptors: DescriptorIndex = new Map(),
  vocabulary: MedicalVocabulary = medicalVocabulary(),
): AnalyzedQuery {
  const normalized = normalizeQuestion(truncateAtWord(text, MAX_QUERY_CHARACTERS));
  const tokens = normalized.replace(FRAMING_OPENINGS, "").match(TOKEN) ?? [];
  const concepts: QueryConcept[] = [];
  const seen = new Set<string>();
  const context = new Set(tokens.map((token) => token.toLowerCase()));
  const typed = ` ${matchKey(tokens.join(" "))} `;
  const spans = descriptorSpans(tokens, descriptors);
  const defined = definedAbbreviations(normalized);
  for (let at = 0; at < tokens.length; ) {
    const phrase = longestVocabularyPhrase(tokens, at, vocabulary, spans);
    const span = Math.max(1, phrase.length);
    const words = tokens.slice(at, at + span);
    at += span;
    const surface = words.join(" ");
    const lower = surface.toLowerCase();
    if (seen.has(lower) || (STOP_WORDS.has(lower) && !typedAsAbbreviation(surface, phrase.length))) continue;
    seen.add(lower);
    const weight = FRAMING_WORDS.has(lower) ? settings.framingWeight : 1;
    const senses = phrase.senses.filter(
      (sense) => sense.kind !== "abbreviation" || abbreviationApplies(surface, defined),
    );
    // "BP … high blood pressure": a sense the question spells out is the one meant, and adds nothing new. A class
    // typed beside its drug ("the antidepressant Pamelor") is only not added twice: the drug is still meant.
    const spelledOut = senses.some((sense) => sense.kind !== "drug-class" && alreadyTyped(sense.text, typed));
    const expansions = spelledOut
      ? []
      : senses
          .filter((sense) => !alreadyTyped(sense.text, typed))
          .map((sense, _, all) => ({
            text: sense.text,
            kind: sense.kind,
            weight: expansionWeight(sense.kind, settings) * senseShare(sense.context, all, context),
          }))
          .filter((expansion) => expansion.weight > 0);
    concepts.push({ text: lower, weight, expansions });
  }
  const meshDescriptors = settings.meshWeight > 0 ? namedDescriptors(spans, concepts, descriptors) : [];
  return { text, questionType: questionType(text), concepts, meshDescriptors };
}

/** A run of the question's words that names a MeSH descriptor. */
interface DescriptorSpan {
  start: number;
  length: number;
  descriptor: string;
}

/** The longest runs of the question's words that are MeSH descriptor names, left to right, not overlapping. */
function descriptorSpans(tokens: readonly string[], descriptors: DescriptorIndex): DescriptorSpan[] {
  const spans: DescriptorSpan[] = [];
  if (descriptors.size === 0) return spans;
  for (let at = 0; at < tokens.length; at++) {
    for (let length = Math.min(MAX_DESCRIPTOR_WORDS, tokens.length - at); length >= 1; length--) {
      const descriptor = descriptors.get(matchKey(tokens.slice(at, at + length).join(" ")));
      if (descriptor && !STOP_WORDS.has(descriptor.toLowerCase())) {
        spans.push({ start: at, length, descriptor });
        at += length - 1;
        break;
      }
    }
  }
  return spans;
}

/** The descriptors the question names, and those its expansions name. */
function namedDescriptors(
  spans: readonly DescriptorSpan[],
  concepts: readonly QueryConcept[],
  descriptors: DescriptorIndex,
): string[] {
  const found = new Set(spans.map((span) => span.descriptor));
  for (const expansion of concepts.flatMap((concept) => concept.expansions)) {
    const descriptor = descriptors.get(matchKey(expansion.text));
    if (descriptor) found.add(descriptor);
  }
  return [...found];
}

const MAX_DESCRIPTOR_WORDS = 6;

function normalizeQuestion(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[αβγδκμτω]/g, (letter) => `${GREEK[letter] ?? letter} `)
    .replace(/’/g, "'")
    .replace(/\s+/g, " ")
    .replace(/\s([-])/g, "$1")
    .trim();
}

/**
 * The longest vocabulary phrase starting at `at`, unless it lies inside a longer descriptor name the question
 * uses: "mole" in "hydatidiform mole" is not the skin mole, and the descriptor already says what is meant.
 */
function longestVocabularyPhrase(
  tokens: readonly string[],
  at: number,
  vocabulary: MedicalVocabulary,
  descriptorSpans: readonly DescriptorSpan[],
): { length: number; senses: ReturnType<MedicalVocabulary["senses"]> & {} } {
  for (let length = Math.min(vocabulary.longestPhrase, tokens.length - at); length >= 1; length--) {
    const senses = vocabulary.senses(matchKey(tokens.slice(at, at + length).join(" ")));
    if (senses && senses.length > 0) {
      return insideLongerSpan(at, length, descriptorSpans) ? { length, senses: [] } : { length, senses };
    }
  }
  return { length: 0, senses: [] };
}

function insideLongerSpan(start: number, length: number, spans: readonly DescriptorSpan[]): boolean {
  return spans.some(
    (span) => span.length > length && span.start <= start && start + length <= span.start + span.length,
  );
}

function expansionWeight(kind: ExpansionKind, settings: AnalysisSettings): number {
  if (kind === "drug") return settings.drugNameWeight;
  if (kind === "drug-class") return settings.drugClassWeight;
  return kind === "abbreviation" ? settings.abbreviationWeight : settings.expansionWeight;
}

/**
 * "AMP-activated protein kinase (AMPK)": the question spells the expansion out, as a phrase; adding it would count
 * it twice. `typed` is the question's match key with a space at each end.
 */
function alreadyTyped(expansion: string, typed: string): boolean {
  return typed.includes(` ${matchKey(expansion)} `);
}

/** A function word ("does", "was") stands for an abbreviation (DOES, WAS) only when typed in capitals. */
function typedAsAbbreviation(surface: string, phraseLength: number): boolean {
  return phraseLength > 0 && surface.length > 1 && surface === surface.toUpperCase();
}

/**
 * Whether the vocabulary's senses of an abbreviation apply: not when the question defines it itself ("ionizing
 * radiation (IR)"), and for one that is also an everyday word (rat, acts), only when typed in capitals.
 */
function abbreviationApplies(surface: string, defined: ReadonlySet<string>): boolean {
  const key = matchKey(surface); // singular, so "rats" meets "rat"
  if (defined.has(key)) return false;
  const wordLike = WORD_LIKE_ABBREVIATIONS.has(surface.toLowerCase()) || WORD_LIKE_ABBREVIATIONS.has(key);
  const capitals = surface.replace(/(?<=\p{Lu})s$/u, ""); // ACTs: a plural of capitals
  return !wordLike || capitals === capitals.toUpperCase();
}

/**
 * An ambiguous abbreviation's senses share the weight: a sense whose cue words appear in the question takes it
 * all; when no cue matches, every sense gets an equal part.
 */
function senseShare(
  cues: readonly string[],
  senses: ReadonlyArray<{ context: readonly string[] }>,
  question: ReadonlySet<string>,
): number {
  const ambiguous = senses.filter((sense) => sense.context.length > 0);
  if (ambiguous.length <= 1) return 1;
  const matched = ambiguous.filter((sense) => sense.context.some((cue) => question.has(cue)));
  if (matched.length === 0) return cues.length > 0 ? 1 / ambiguous.length : 1;
  return cues.some((cue) => question.has(cue)) ? 1 / matched.length : 0;
}

function truncateAtWord(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit + 1);
  const lastSpace = cut.search(/\s\S*$/);
  return lastSpace > 0 ? cut.slice(0, lastSpace) : cut.slice(0, limit);
}
