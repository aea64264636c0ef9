import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The real inputs the bench resamples; all read-only, never copied into the project. */
export interface SharedData {
  root: string;
  pubmedXml: string;
  scifactCorpus: string;
  scifactQueries: string;
  pubmedQa: string;
}

const REQUIRED: ReadonlyArray<[keyof Omit<SharedData, "root">, string, string]> = [
  ["pubmedXml", "pubmed-xml/medline16n0902.xml.gz", "604 MEDLINE citations (ingest input, search corpus)"],
  ["scifactCorpus", "scifact/corpus.jsonl", "5,183 SciFact abstracts (search corpus)"],
  ["scifactQueries", "scifact/queries.jsonl", "809 SciFact training claims (search queries)"],
  ["pubmedQa", "pubmedqa/ori_pqal.json", "1,000 PubMedQA abstracts and questions (corpus, queries)"],
];

/** The shared data folder beside the project, or GALEN_SHARED_DATA when set. */
export function sharedDataRoot(): string {
  const override = process.env.GALEN_SHARED_DATA;
  if (override) return resolve(override);
  return fileURLToPath(new URL("../../shared/data/", import.meta.url));
}

/** The data files, or a message naming what is missing. */
export function locateSharedData(root: string): SharedData | { missing: string } {
  const found: Partial<SharedData> = { root };
  const missing: string[] = [];
  for (const [key, path, purpose] of REQUIRED) {
    const full = join(root, path);
    if (existsSync(full)) found[key] = full;
    else missing.push(`  ${path}  — ${purpose}`);
  }
  if (missing.length === 0) return found as SharedData;
  return {
    missing:
      `galen bench: the shared evaluation data is not available, so no figures were measured.\n` +
      `Looked in ${root} (set GALEN_SHARED_DATA to another folder) for:\n${missing.join("\n")}\n`,
  };
}
