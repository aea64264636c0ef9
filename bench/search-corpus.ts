import { readFile } from "node:fs/promises";
import {
  type AbstractSection,
  abstractText,
  type EvidenceDocument,
  type MeshHeading,
  type PublicationDate,
  toEvidenceDocument,
} from "../src/evidence/index.ts";
import { planSources, readSourceFile } from "../src/ingest/source-format.ts";
import type { CorpusStore } from "../src/store/index.ts";
import { toStoredDocument } from "../src/store/index.ts";
import { type Random, seededRandom } from "./prng.ts";
import type { SharedData } from "./shared-data.ts";

/** A real abstract cut into sentences, with the metadata a synthetic document borrows. */
export interface SourceAbstract {
  title: string;
  sentences: string[];
  mesh: MeshHeading[];
  keywords: string[];
  publicationTypes: string[];
  journal?: string;
  publicationDate?: PublicationDate;
}

export const CORPUS_SEED = 0x6a1e2;
export const WRITE_BATCH = 5_000;

const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z0-9(["])/;

/** SciFact, PubMedQA and the MEDLINE file, read by Galen's own readers. */
export async function loadSourceAbstracts(data: SharedData): Promise<SourceAbstract[]> {
  const plans = await planSources([data.scifactCorpus, data.pubmedQa, data.pubmedXml]);
  const abstracts: SourceAbstract[] = [];
  for (const plan of plans) {
    for await (const record of readSourceFile(plan, { bytesRead: 0 })) {
      if (record.kind !== "document") continue;
      const source = toSourceAbstract(record.document);
      if (source.title && source.sentences.length > 0) abstracts.push(source);
    }
  }
  return abstracts;
}

function toSourceAbstract(document: EvidenceDocument): SourceAbstract {
  return {
    title: document.title,
    sentences: abstractText(document)
      .split(SENTENCE_END)
      .map((sentence) => sentence.trim())
      .filter(Boolean),
    mesh: document.mesh,
    keywords: document.keywords,
    publicationTypes: document.publicationTypes,
    ...(document.journal ? { journal: document.journal } : {}),
    ...(document.publicationDate ? { publicationDate: document.publicationDate } : {}),
  };
}

/**
 * Document n: the title and metadata of one real abstract, and an abstract as long as another real one, made of
 * runs of consecutive sentences from the first abstract and one or two more. Deterministic for a given seed.
 */
export function* syntheticDocuments(
  sources: readonly SourceAbstract[],
  count: number,
  seed = CORPUS_SEED,
): Generator<EvidenceDocument> {
  const random = seededRandom(seed);
  for (let n = 0; n < count; n++) yield syntheticDocument(n, sources, random);
}

function syntheticDocument(n: number, sources: readonly SourceAbstract[], random: Random): EvidenceDocument {
  const head = random.pick(sources);
  const donors = [head, random.pick(sources)];
  if (random.next() < 0.5) donors.push(random.pick(sources));
  const length = Math.max(donors.length, random.pick(sources).sentences.length);
  const perDonor = Math.ceil(length / donors.length);
  const abstract: AbstractSection[] = donors.map((donor) => ({ text: sentenceRun(donor, perDonor, random) }));
  return toEvidenceDocument({
    id: `bench:${n}`,
    source: "bench",
    title: head.title,
    abstract,
    mesh: head.mesh,
    keywords: head.keywords,
    publicationTypes: head.publicationTypes,
    ...(head.journal ? { journal: head.journal } : {}),
    ...(head.publicationDate ? { publicationDate: head.publicationDate } : {}),
  });
}

function sentenceRun(donor: SourceAbstract, length: number, random: Random): string {
  const start = random.below(Math.max(1, donor.sentences.length - length + 1));
  return donor.sentences.slice(start, start + length).join(" ");
}

export interface CorpusBuild {
  documents: number;
  /** Writing only, so that documents/s compares with runs before the optimization. */
  elapsedMs: number;
  /** The search index's optimization after writing, which `galen ingest` runs after a bulk load too. */
  optimizeMs: number;
  /** Documents/s over each tenth of the build (a batch at least), in order: how writing slows as the store grows. */
  stretches: Array<{ upTo: number; documentsPerSecond: number }>;
}

/**
 * Writes the synthetic corpus straight through the store port, WRITE_BATCH documents per transaction, then readies
 * the search index as `galen ingest` does after a bulk load.
 */
export async function writeSyntheticCorpus(
  store: CorpusStore,
  sources: readonly SourceAbstract[],
  count: number,
  onDocuments: (done: number) => void = () => {},
): Promise<CorpusBuild> {
  const started = performance.now();
  const stretch = Math.max(WRITE_BATCH, Math.ceil(count / 10));
  const stretches: CorpusBuild["stretches"] = [];
  let mark = { documents: 0, ms: started };
  let batch: EvidenceDocument[] = [];
  let written = 0;
  const flush = async () => {
    await store.writeBatch({ upserts: batch.map(toStoredDocument), deletions: [] });
    written += batch.length;
    batch = [];
    onDocuments(written);
    if (written - mark.documents >= stretch || written === count) {
      const now = performance.now();
      stretches.push({
        upTo: written,
        documentsPerSecond: (written - mark.documents) / ((now - mark.ms) / 1000),
      });
      mark = { documents: written, ms: now };
    }
  };
  for (const document of syntheticDocuments(sources, count)) {
    batch.push(document);
    if (batch.length >= WRITE_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  const optimizing = performance.now();
  await store.optimizeSearchIndex();
  const finished = performance.now();
  return {
    documents: written,
    elapsedMs: optimizing - started,
    optimizeMs: finished - optimizing,
    stretches,
  };
}

export interface BenchQueries {
  scifact: string[];
  pubmedQa: string[];
}

/** The SciFact training claims and the PubMedQA questions, in file order; the first `limit` of each when given. */
export async function loadQueries(data: SharedData, limit?: number): Promise<BenchQueries> {
  const scifact = (await readFile(data.scifactQueries, "utf8"))
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { text?: unknown }).text)
    .filter((text): text is string => typeof text === "string");
  const pubmedQa = Object.values(
    JSON.parse(await readFile(data.pubmedQa, "utf8")) as Record<string, { QUESTION?: unknown }>,
  )
    .map((record) => record.QUESTION)
    .filter((question): question is string => typeof question === "string");
  return limit === undefined
    ? { scifact, pubmedQa }
    : { scifact: scifact.slice(0, limit), pubmedQa: pubmedQa.slice(0, limit) };
}
