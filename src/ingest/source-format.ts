import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { GalenError } from "../galen-error.ts";
import { readBeirCorpus } from "./beir-corpus.ts";
import { readGalenJsonl } from "./galen-jsonl.ts";
import { readPubmedXml } from "./pubmed-xml.ts";
import { readPubmedQa } from "./pubmedqa.ts";
import { type ReadProgress, readTextChunks, statPath } from "./source-file.ts";
import type { SourceRecord } from "./source-record.ts";

export const SOURCE_FORMATS = ["pubmed-xml", "beir", "jsonl", "pubmedqa"] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** One file to read, with the reader for its format. */
export interface SourcePlan {
  path: string;
  format: SourceFormat;
  /** BEIR data set name, used as the id prefix (`scifact:1234`). */
  source?: string;
}

/** The records of a source file, read with the reader for its format. */
export function readSourceFile(plan: SourcePlan, progress: ReadProgress): AsyncGenerator<SourceRecord> {
  const chunks = readTextChunks(plan.path, progress);
  switch (plan.format) {
    case "pubmed-xml":
      return readPubmedXml(chunks, plan.path, () => readTextChunks(plan.path, { bytesRead: 0 }));
    case "beir":
      return readBeirCorpus(chunks, plan.path, plan.source ?? "beir");
    case "jsonl":
      return readGalenJsonl(chunks, plan.path);
    case "pubmedqa":
      return readPubmedQa(chunks, plan.path);
  }
}

/**
 * Expands the paths a user gave into files with formats: a BEIR folder (it holds corpus.jsonl) is one source; any
 * other folder contributes its files with known extensions. `format` overrides what the names suggest.
 */
export async function planSources(paths: readonly string[], format?: SourceFormat): Promise<SourcePlan[]> {
  const plans: SourcePlan[] = [];
  for (const path of paths) plans.push(...(await planPath(path, format)));
  return plans;
}

async function planPath(path: string, format: SourceFormat | undefined): Promise<SourcePlan[]> {
  const info = await statPath(path);
  if (!info.isDirectory()) {
    if (basename(path) === "corpus.jsonl" && (format === undefined || format === "beir")) {
      return [{ path, format: "beir", source: beirSourceName(dirname(path)) }];
    }
    return [{ path, format: format ?? formatFromName(path) }];
  }
  const corpus = join(path, "corpus.jsonl");
  if (existsSync(corpus) && (format === undefined || format === "beir")) {
    return [{ path: corpus, format: "beir", source: beirSourceName(path) }];
  }
  const names = (await readdir(path)).sort();
  const files = names.filter((name) => format !== undefined || guessFormat(name) !== undefined);
  if (files.length === 0) {
    throw new GalenError(
      `${path}: no files Galen can read here (.xml, .xml.gz, .jsonl, .json, or a BEIR folder with corpus.jsonl).`,
    );
  }
  return files.map((name) => ({ path: join(path, name), format: format ?? formatFromName(name) }));
}

function beirSourceName(folder: string): string {
  return (
    basename(resolve(folder))
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "beir"
  );
}

function guessFormat(name: string): SourceFormat | undefined {
  const lower = name.toLowerCase().replace(/\.gz$/, "");
  if (lower.endsWith(".xml")) return "pubmed-xml";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".json")) return "pubmedqa";
  return undefined;
}

function formatFromName(path: string): SourceFormat {
  const format = guessFormat(basename(path));
  if (format === undefined) {
    throw new GalenError(
      `${path}: cannot tell the format from the name. Pass --format with one of: ${SOURCE_FORMATS.join(", ")}.`,
    );
  }
  return format;
}
