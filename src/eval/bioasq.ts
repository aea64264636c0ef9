import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { EvidenceDocumentInput } from "../evidence/index.ts";
import { GalenError } from "../galen-error.ts";
import type { Qrels } from "./metrics.ts";

const Snippet = z.object({ text: z.string(), document: z.string(), beginSection: z.string().optional() });
const Question = z.object({
  id: z.string(),
  body: z.string(),
  documents: z.array(z.string()).default([]),
  snippets: z.array(Snippet).default([]),
});
const GoldenFile = z.object({ questions: z.array(Question) });

/** A retrieval benchmark built from BioASQ golden sets: a pooled-snippet corpus, the questions and their PMIDs. */
export interface BioasqBenchmark {
  documents: EvidenceDocumentInput[];
  queries: Map<string, string>;
  qrels: Qrels;
}

/**
 * BioASQ gives, per question, the relevant PubMed documents and the gold snippets quoted from them, not the
 * abstracts. The corpus is therefore pooled: one document per PMID holding every distinct snippet quoted from it
 * across all questions (title snippets as its title). A question's relevant documents are its PMIDs that have a
 * pooled document; PMIDs without snippets cannot be found and are left out of the judgments.
 */
export async function readBioasqBenchmark(folder: string): Promise<BioasqBenchmark> {
  const files = await goldenFiles(folder);
  if (files.length === 0) throw new GalenError(`${folder}: no BioASQ *_golden.json files found.`);
  const pool = new Map<string, { title: Set<string>; text: Set<string> }>();
  const questions = new Map<string, { body: string; pmids: Set<string> }>();
  for (const file of files) {
    const parsed = GoldenFile.safeParse(JSON.parse(await readFile(file, "utf8")));
    if (!parsed.success) throw new GalenError(`${file}: not a BioASQ golden file ({"questions": [...]}).`);
    for (const question of parsed.data.questions) {
      for (const snippet of question.snippets) {
        const pmid = pmidOf(snippet.document);
        if (!pmid || !snippet.text.trim()) continue;
        const entry = pool.get(pmid) ?? { title: new Set<string>(), text: new Set<string>() };
        (snippet.beginSection === "title" ? entry.title : entry.text).add(snippet.text.trim());
        pool.set(pmid, entry);
      }
      if (!questions.has(question.id)) {
        questions.set(question.id, {
          body: question.body,
          pmids: new Set(question.documents.flatMap((url) => pmidOf(url) ?? [])),
        });
      }
    }
  }
  const documents = [...pool].map(([pmid, entry]) => ({
    id: `bioasq:${pmid}`,
    source: "bioasq",
    pmid,
    title: [...entry.title].join(" "),
    abstract: entry.text.size > 0 ? [{ text: [...entry.text].join(" ") }] : [],
  }));
  const queries = new Map<string, string>();
  const qrels: Qrels = new Map();
  for (const [id, question] of questions) {
    const judged = [...question.pmids].filter((pmid) => pool.has(pmid));
    if (judged.length === 0) continue;
    queries.set(id, question.body);
    qrels.set(id, new Map(judged.map((pmid) => [`bioasq:${pmid}`, 1])));
  }
  return { documents, queries, qrels };
}

function pmidOf(url: string): string | undefined {
  return url.match(/pubmed\/(\d+)/)?.[1];
}

async function goldenFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => {
    throw new GalenError(
      `${folder}: no such folder. Point to the BioASQ golden sets (e.g. mirage/rawdata/bioasq).`,
    );
  });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith("_golden.json"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
