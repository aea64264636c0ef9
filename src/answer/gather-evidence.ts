import type { EvidenceDocument } from "../evidence/index.ts";
import type { EmbeddingModel } from "../model/embedding-model.ts";
import {
  DEFAULT_RETRIEVAL,
  type RetrievalSettings,
  type SearchOutcome,
  searchDocuments,
} from "../search/index.ts";
import type { CorpusStore } from "../store/corpus-store.ts";
import { DEFAULT_SOURCE_COUNT } from "./answer-defaults.ts";
import { looksLikeInstruction } from "./planted-instructions.ts";
import { type FocusConcept, isOnTopic, questionFocus } from "./question-focus.ts";
import { abstractSentences, type SourceSentence } from "./source-sentences.ts";
import { contentTerms } from "./text-terms.ts";

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
  const focus = questionFocus(search.analysis);
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
    const { sentences, terms, planted } = readSource(document);
    for (const text of planted) gathered.plantedInstructions.push({ id: document.id, text });
    gathered.sources.push({
      number: gathered.sources.length + 1,
      document,
      rank: result.rank,
      score: result.score,
      sentences,
      terms,
      onTopic: isOnTopic(focus, terms),
      preferred: preferred.has(document.id),
    });
  });
  return gathered;
}

/** A source's sentences and terms, with the sentences that address an AI (planted instructions) set aside. */
export function readSource(document: EvidenceDocument): {
  sentences: SourceSentence[];
  terms: ReadonlySet<string>;
  planted: string[];
} {
  const planted: string[] = [];
  const sentences = abstractSentences(document).filter((sentence) => {
    if (!looksLikeInstruction(sentence.text)) return true;
    planted.push(sentence.text);
    return false;
  });
  const terms = new Set(contentTerms(`${document.title} ${sentences.map((s) => s.text).join(" ")}`));
  return { sentences, terms, planted };
}
