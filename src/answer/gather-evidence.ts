import { type EvidenceDocument, namesNonHumans, studiesOnlyNonHumans } from "../evidence/index.ts";
import type { EmbeddingModel } from "../model/embedding-model.ts";
import {
  abbreviationDefinitions,
  DEFAULT_RETRIEVAL,
  matchKey,
  type RetrievalSettings,
  type SearchOutcome,
  searchDocuments,
} from "../search/index.ts";
import type { CorpusStore } from "../store/corpus-store.ts";
import { DEFAULT_SOURCE_COUNT } from "./answer-defaults.ts";
import { looksLikeInstruction } from "./planted-instructions.ts";
import { type CorpusFrequencies, conceptNames, type FocusConcept, questionFocus } from "./question-focus.ts";
import { isOnTopic, linksConcepts, RELEVANCE_FLOOR, relevance } from "./relevance-floor.ts";
import { abstractSentences, type SourceSentence } from "./source-sentences.ts";
import { contentTerms, stemPrefix, withStemPrefixes } from "./text-terms.ts";

/** A retrieved source as composers see it: its sentences (planted instructions removed) and whether it is on topic. */
export interface EvidenceSource {
  /** Its number in the evidence packet: 1 for the first source given to the composer. */
  number: number;
  document: EvidenceDocument;
  rank: number;
  score: number;
  sentences: SourceSentence[];
  /** The title's and abstract's terms, for coverage and verification. */
  terms: ReadonlySet<string>;
  /** The abbreviations the abstract defines ("DMCF" → "displaced midshaft clavicular fractures"). */
  abbreviations: ReadonlyMap<string, string>;
  /** The share (0–1) of the question's key concepts, by specificity, that the source names. */
  relevance: number;
  /** It addresses the question: its relevance reaches the floor. */
  onTopic: boolean;
  /** Already cited in the conversation: ranked as if first when its sentences are scored. */
  preferred: boolean;
}

export interface GatheredEvidence {
  search: SearchOutcome;
  focus: FocusConcept[];
  /** Retrieved, readable and not retracted, in rank order. */
  sources: EvidenceSource[];
  /** Ids of retrieved documents found retracted when read, never cited. */
  retracted: string[];
  /** Sentences that addressed an AI rather than a reader, set aside. */
  plantedInstructions: Array<{ id: string; text: string }>;
}

export interface GatherOptions {
  /** How many sources to read; more gives a fuller answer and a slower one. */
  sources?: number;
  settings?: RetrievalSettings;
  embeddings?: EmbeddingModel;
  preferred?: readonly string[];
  /** The relevance floor a source must reach to be on topic (see RELEVANCE_FLOOR). */
  floor?: number;
}

/** Retrieves the question's evidence and reads each source into sentences. */
export async function gatherEvidence(
  store: CorpusStore,
  question: string,
  options: GatherOptions = {},
): Promise<GatheredEvidence> {
  const search = await searchDocuments(store, question, {
    k: options.sources ?? DEFAULT_SOURCE_COUNT,
    snippets: false,
    settings: options.settings ?? DEFAULT_RETRIEVAL,
    ...(options.embeddings ? { embeddings: options.embeddings } : {}),
  });
  const focus = questionFocus(search.analysis, await corpusFrequencies(store, search.analysis));
  const floor = options.floor ?? RELEVANCE_FLOOR;
  const preferred = new Set(options.preferred ?? []);
  const documents = await Promise.all(search.results.map((result) => store.getDocument(result.id)));
  const gathered: GatheredEvidence = { search, focus, sources: [], retracted: [], plantedInstructions: [] };
  search.results.forEach((result, index) => {
    const document = documents[index];
    if (document === undefined) return;
    if (document.retracted) {
      gathered.retracted.push(document.id);
      return;
    }
    const { sentences, terms, planted, abbreviations } = readSource(document);
    const prominent = prominentTerms(document, sentences, abbreviations);
    const addressed = relevance(focus, prominent);
    for (const text of planted) gathered.plantedInstructions.push({ id: document.id, text });
    gathered.sources.push({
      number: gathered.sources.length + 1,
      document,
      rank: result.rank,
      score: result.score,
      sentences,
      terms,
      abbreviations,
      relevance: addressed,
      onTopic: isOnTopic(focus, prominent, floor) && statesLink(focus, document, sentences, abbreviations),
      preferred: preferred.has(document.id),
    });
  });
  if (!namesNonHumans(question)) setAsideStudiesOfNonHumans(gathered.sources);
  return gathered;
}

/**
 * Studies of animals or cells are not clinical evidence for a question about people: a rat study of rapamycin does
 * not answer whether a diet stops a child's seizures. They are set aside (and shown among the closest documents
 * when nothing else addresses the question); a question that names animals or cells keeps them, with a caveat.
 */
function setAsideStudiesOfNonHumans(sources: EvidenceSource[]): void {
  for (const source of sources)
    if (source.onTopic && studiesOnlyNonHumans(source.document)) source.onTopic = false;
}

/** How many documents name each of the question's concepts: their specificity in this corpus. */
async function corpusFrequencies(
  store: CorpusStore,
  analysis: SearchOutcome["analysis"],
): Promise<CorpusFrequencies> {
  const documents = await store.documentCount();
  const holding = await store.documentFrequencies(
    conceptNames(analysis),
    Math.max(1, Math.ceil(documents / 2)),
  );
  return { documents, holding };
}

/**
 * The terms a source is about rather than mentions in passing: those of its title, MeSH headings and keywords, and
 * those its abstract uses in two sentences or more ("sore throat" as one complication among many is not the topic
 * of an enteroscopy study). A short abstract's every term counts.
 */
function prominentTerms(
  document: EvidenceDocument,
  sentences: readonly SourceSentence[],
  abbreviations: ReadonlyMap<string, string> = new Map(),
): ReadonlySet<string> {
  const labels = [
    document.title,
    ...document.mesh.map((heading) => heading.descriptor),
    ...document.keywords,
  ];
  const prominent = withStemPrefixes(contentTerms(labels.join(" ")));
  const seen = new Map<string, number>();
  for (const sentence of sentences) {
    for (const term of sentenceTerms(sentence.text, abbreviations)) seen.set(term, (seen.get(term) ?? 0) + 1);
  }
  const enough = sentences.length <= SHORT_ABSTRACT ? 1 : 2;
  for (const [term, count] of seen) {
    if (count < enough) continue;
    prominent.add(term);
    const prefix = stemPrefix(term);
    if (prefix) prominent.add(prefix);
  }
  return prominent;
}

/** Whether the source's title or one of its findings names the question's concepts together (see linksConcepts). */
function statesLink(
  focus: readonly FocusConcept[],
  document: EvidenceDocument,
  sentences: readonly SourceSentence[],
  abbreviations: ReadonlyMap<string, string>,
): boolean {
  const findings = sentences.filter(
    (sentence) =>
      sentence.category === "RESULTS" ||
      sentence.category === "CONCLUSIONS" ||
      (sentence.category === "UNASSIGNED" && sentence.position >= 0.3),
  );
  return [document.title, ...findings.map((sentence) => sentence.text)].some((text) =>
    linksConcepts(focus, sentenceTerms(text, abbreviations)),
  );
}

/** An abstract of this many sentences or fewer is all about its topic. */
const SHORT_ABSTRACT = 2;

/**
 * A sentence's comparable terms (see withStemPrefixes), with the words of the abbreviations its abstract defines:
 * "DMCF" in a conclusion names the displaced midshaft clavicular fractures the abstract spelled out before.
 */
export function sentenceTerms(text: string, abbreviations: ReadonlyMap<string, string>): Set<string> {
  const terms = contentTerms(text);
  if (abbreviations.size > 0) {
    for (const [word] of text.matchAll(SHORT_FORM_WORD)) {
      const longForm = abbreviations.get(matchKey(word));
      if (longForm) terms.push(...contentTerms(longForm));
    }
  }
  return withStemPrefixes(terms);
}

const SHORT_FORM_WORD =
  /(?<![\p{L}\p{N}])(?=[\p{L}\p{N}-]*\p{Lu})[\p{L}\p{N}][\p{L}\p{N}-]{1,9}(?![\p{L}\p{N}])/gu;

/** A source's sentences and terms, with the sentences that address an AI (planted instructions) set aside. */
export function readSource(document: EvidenceDocument): {
  sentences: SourceSentence[];
  terms: ReadonlySet<string>;
  planted: string[];
  abbreviations: ReadonlyMap<string, string>;
} {
  const planted: string[] = [];
  const sentences = abstractSentences(document).filter((sentence) => {
    if (!looksLikeInstruction(sentence.text)) return true;
    planted.push(sentence.text);
    return false;
  });
  const text = `${document.title} ${sentences.map((s) => s.text).join(" ")}`;
  const abbreviations = abbreviationDefinitions(text);
  return { sentences, terms: sentenceTerms(text, abbreviations), planted, abbreviations };
}
