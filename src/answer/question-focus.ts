import { type AnalyzedQuery, medicalVocabulary, type QueryConcept } from "../search/index.ts";
import { isContextWord } from "./context-words.ts";
import { isEverydayWord } from "./everyday-words.ts";
import { contentTerms } from "./text-terms.ts";

/**
 * What a concept does in the question. Key concepts (the condition, the treatment or exposure, the outcome) decide
 * whether a source addresses it; framing words ("treatment", "risk") only say what kind of answer is wanted;
 * context words ("older woman", "my son", "every day") say who and when.
 */
export type ConceptRole = "key" | "framing" | "context";

/** One thing the question is about, with every name it goes by, each as the terms that must all occur. */
export interface FocusConcept {
  /** As the question put it, in lower case ("pars defect"). */
  text: string;
  /** As the question typed it ("POAF", "CABG"). */
  typed: string;
  role: ConceptRole;
  /**
   * How much the concept counts: for a key concept its specificity in this corpus (the inverse document frequency of
   * its commonest name, so "humerus" outweighs "fracture", which outweighs "patients"); framing a fixed small
   * share; context nothing.
   */
  weight: number;
  /** Documents of the corpus that name it in any of its names (0: the corpus never does). */
  documents: number;
  /** A treatment, drug or other intervention (by the vocabulary's drug names and classes, or the words used). */
  intervention: boolean;
  /**
   * Which side of the question it stands on, where the question has two: the intervention or exposure asked about
   * ("dapoxetine" in "dapoxetine for PE", "X" in "does X prevent Y") or what it is for (the condition or outcome).
   */
  side?: "intervention" | "target";
  names: string[][];
  /** The search room's concept it comes from, with the vocabulary's other names for it. */
  query: QueryConcept;
}

/** How often each name of each concept occurs in the corpus, and the corpus's size. */
export interface CorpusFrequencies {
  documents: number;
  holding: ReadonlyMap<string, number>;
}

/** Every name the question's concepts go by, to count in the corpus. */
export function conceptNames(analysis: AnalyzedQuery): string[] {
  return [...new Set(withLettersJoined(analysis.concepts).flatMap((concept) => allNames(concept)))];
}

/** A framing word's weight beside a key concept of average specificity. */
const FRAMING_WEIGHT = 0.5;

/** The concepts of an analysed question, as comparable terms, each with its role and specificity. */
export function questionFocus(analysis: AnalyzedQuery, frequencies?: CorpusFrequencies): FocusConcept[] {
  const descriptors = new Set(analysis.meshDescriptors.map((descriptor) => descriptor.toLowerCase()));
  const vocabulary = medicalVocabulary();
  const focus = withLettersJoined(analysis.concepts).flatMap((concept) => {
    // Matched in sources by every name, and by the abbreviations abstracts write them with ("AF").
    const abbreviations = allNames(concept).flatMap((name) => vocabulary.abbreviationsOf(name));
    const names = [...allNames(concept), ...abbreviations]
      .map(contentTerms)
      .filter((terms) => terms.length > 0);
    if (names.length === 0) return [];
    const documents = frequencies
      ? Math.max(0, ...allNames(concept).map((name) => frequencies.holding.get(name) ?? 0))
      : 1;
    const typed = typedAs(concept.text, analysis.text);
    const side = sideOf(concept.text, analysis.text);
    // What the question asks about the effect of ("does honey help…") is its topic however everyday the word.
    const everyday =
      frequencies !== undefined &&
      side !== "intervention" &&
      concept.expansions.length === 0 &&
      !vocabulary.usesWord(concept.text) &&
      !descriptors.has(concept.text) &&
      typed !== typed.toUpperCase() &&
      isEverydayWord(concept.text, documents, frequencies.documents);
    const role = everyday ? "context" : roleOf(concept);
    return [
      {
        text: concept.text,
        typed,
        ...(side ? { side } : {}),
        role,
        weight: role === "framing" ? FRAMING_WEIGHT : role === "context" ? 0 : 1,
        documents,
        intervention: isIntervention(concept),
        names,
        query: concept,
      },
    ];
  });
  return frequencies ? withSpecificity(focus, frequencies.documents) : focus;
}

/**
 * Words that join what is given to what it is for: "X for Y", "does X prevent Y", "X to treat Y", "can X cause Y".
 * The first one in the question splits it into its two sides.
 */
const SIDES_JOINED =
  /\s(?:for|against|to (?:prevent|treat|reduce|stop|protect against|help(?: with)?|manage|cure|avoid|shorten|lower)|(?:help|helps|prevent|prevents|reduce|reduces|treat|treats|cure|cures|improve|improves|shorten|shortens|lower|lowers|stop|stops|protect|protects|work(?:s)? (?:for|on)|cause|causes|raise|raises|increase|increases|affect|affects|damage|damages|trigger|triggers|worsen|worsens)(?: the risk of| risk of| my| his| her| their| your)?)\s/i;

/** Words that put what follows among the people or conditions a treatment is given in ("in", "with", "after"). */
const POPULATION_BEFORE = /\b(?:in|with|during|among|after|following)\s+(?:[\w'-]+\s+){0,2}$/i;

/** The options a question weighs against each other: "MRI or CT", "infliximab vs etanercept". */
const OPTIONS = /([\w-]+)\s+(?:or|vs\.?|versus)\s+(?:an? |the )?([\w-]+)/gi;

/** The side of the question a concept stands on (see FocusConcept.side), or none when the question has one side. */
function sideOf(text: string, question: string): FocusConcept["side"] {
  const at = question.toLowerCase().indexOf(text);
  if (at < 0) return undefined;
  const joint = SIDES_JOINED.exec(question);
  // "magnesium sulfate in preterm labour protect…": who it is given to is what it is for, not the intervention.
  if (joint)
    return at < joint.index && !POPULATION_BEFORE.test(question.slice(0, at)) ? "intervention" : "target";
  // Without a joining word, the options compared are one side and the rest what they are compared for.
  const options = [...question.matchAll(OPTIONS)]
    .map((match) => [match[1] ?? "", match[2] ?? ""])
    .filter((pair) => pair.every((word) => !isContextWord(word) && !TYPED_FRAMING.has(word.toLowerCase())))
    .flat();
  if (options.length === 0) return undefined;
  const words = text.split(" ");
  return options.some(
    (option) => option?.toLowerCase() === words.at(-1) || option?.toLowerCase() === words[0],
  )
    ? "intervention"
    : "target";
}

/** A concept's words with the capitals the question gave them ("CABG", not "cabg"). */
function typedAs(text: string, question: string): string {
  const at = question.toLowerCase().indexOf(text);
  return at >= 0 ? question.slice(at, at + text.length) : text;
}

/** Shorthand that only says what kind of answer is wanted, as clinicians type it. */
const TYPED_FRAMING = new Set(
  `tx rx dx ddx mgmt options approach approaches evidence data studies research effective effectiveness efficacy
  benefit benefits reduce reduces reducing reduced prevent prevents preventing lower lowers lowering improve
  improves improving increase increases increasing decrease decreases affect affects matter matters cause causes
  change changes work works stop stops stopping shorten shortens accurate accuracy safer safest risky risks rule raise raises raising add adding added
  find finds mean means expect expected interpretation equivalent compared comparison difference different
  significance significant higher less more extra one single routine routinely features suspected possible
  likely probability chance chances problems problem issues issue worried worry concern concerned role useful
  value predict predicts predictor predictors outcome outcomes efficacious alone measure measuring measured
  assess assessing evaluate evaluating evaluation enough really actually serious severe mild moderate major minor
  associated association associations linked related relationship medicine medicines medication medications
  meds drug drugs tablet tablets pill pills treatment treatments low high worsen worsens worse better`.split(
    /\s+/,
  ),
);

function roleOf(concept: QueryConcept): ConceptRole {
  if (concept.weight < 1 || TYPED_FRAMING.has(concept.text)) return "framing";
  return isContextWord(concept.text) ? "context" : "key";
}

/** Words a letter or number after them names the kind of ("vitamin D", "hepatitis B", "type 2", "factor V"). */
const QUALIFIED =
  /^(?:vitamin|hepatitis|hep|type|group|factor|class|grade|stage|phase|step|level|protein|complex|strep|influenza|herpes|apolipoprotein|apo|interleukin|il|cd|hla|coenzyme|omega)$/;
const QUALIFIER = /^(?:[a-z]|\d{1,2}|ii|iii|iv|vi|vii|viii)$/;

/**
 * The question's concepts with a letter or number that names a kind joined to the word before it: "vitamin D" is
 * one concept, and "D" alone would match every abstract that mentions any letter D.
 */
function withLettersJoined(concepts: readonly QueryConcept[]): QueryConcept[] {
  const joined: QueryConcept[] = [];
  for (const concept of concepts) {
    const previous = joined.at(-1);
    if (previous && QUALIFIER.test(concept.text) && QUALIFIED.test(previous.text)) {
      joined[joined.length - 1] = { text: `${previous.text} ${concept.text}`, weight: 1, expansions: [] };
    } else joined.push(concept);
  }
  return joined;
}

/**
 * Key concepts weighted by how rare they are in the corpus. A concept the corpus never names weighs as much as the
 * rarest one it does name: the corpus may lack the topic ("head lice"), or the word is incidental ("sling"); either
 * way it should neither be ignored nor outweigh everything else.
 */
function withSpecificity(focus: FocusConcept[], corpusSize: number): FocusConcept[] {
  const specificity = (documents: number) => Math.max(1, Math.log((corpusSize + 1) / (documents + 1)));
  const named = focus.filter((concept) => concept.role === "key" && concept.documents > 0);
  const rarest = named.length > 0 ? Math.max(...named.map((concept) => specificity(concept.documents))) : 1;
  return focus.map((concept) =>
    concept.role !== "key"
      ? concept
      : { ...concept, weight: concept.documents > 0 ? specificity(concept.documents) : rarest },
  );
}

function allNames(concept: QueryConcept): string[] {
  return [concept.text, ...concept.expansions.map((expansion) => expansion.text)];
}

const INTERVENTION_WORDS =
  /\b(?:therap\w*|surg\w*|operat\w*|diet\w*|exercis\w*|physio\w*|rehab\w*|brac(?:e|es|ing)|sling|cast|splint\w*|inject\w*|vaccin\w*|supplement\w*|vitamin\w*|stent\w*|transplant\w*|implant\w*|counsel\w*|training|massage|acupunct\w*|antibiotic\w*|statin\w*|steroid\w*|insulin|aspirin|fusion|repair|fixation|replacement|block|banding|ligation|cautery|ablation|laser|radiotherapy|rt|chemo\w*|immunotherapy|cbt|psychotherapy|lozenges?|juice|creams?|ointments?|gels?|sprays?|drops|patch(?:es)?|shampoos?|insoles?|orthotics?|packing|stitch\w*|sutur\w*|\w+(?:ectomy|ectomies|plasty|otomy|ostomy|pexy|rrhaphy))\b/i;

function isIntervention(concept: QueryConcept): boolean {
  return (
    concept.expansions.some((expansion) => expansion.kind === "drug" || expansion.kind === "drug-class") ||
    INTERVENTION_WORDS.test(concept.text)
  );
}

/** The question's most specific key concepts (at most `limit`), in the order the question gives them. */
export function mainConcepts(
  focus: readonly FocusConcept[],
  limit: number,
  question?: string,
): FocusConcept[] {
  const key = joinedWhereTyped(
    focus.filter((concept) => concept.role === "key"),
    question,
  );
  const kept = new Set([...key].sort((a, b) => b.weight - a.weight).slice(0, limit));
  return key.filter((concept) => kept.has(concept));
}

/**
 * Key concepts typed next to each other, as one phrase for showing: "atrial" and "fibrillation" are searched and
 * matched as two words, but named together ("atrial fibrillation"), with the weight of the rarer.
 */
function joinedWhereTyped(key: readonly FocusConcept[], question: string | undefined): FocusConcept[] {
  if (question === undefined) return [...key];
  const typed = question.toLowerCase();
  const joined: FocusConcept[] = [];
  for (const concept of key) {
    const previous = joined.at(-1);
    const plain = previous && previous.query.expansions.length === 0 && concept.query.expansions.length === 0;
    if (previous && plain && typed.includes(`${previous.text} ${concept.text}`)) {
      const text = `${previous.text} ${concept.text}`;
      joined[joined.length - 1] = {
        ...previous,
        text,
        typed: `${previous.typed} ${concept.typed}`,
        weight: Math.max(previous.weight, concept.weight),
        names: [[...(previous.names[0] ?? []), ...(concept.names[0] ?? [])]],
        query: { text, weight: 1, expansions: [] },
      };
    } else joined.push(concept);
  }
  return joined;
}
