import { z } from "zod";
import {
  type AbstractSection,
  nlmCategoryForLabel,
  pubmedId,
  toEvidenceDocument,
} from "../evidence/index.ts";
import { GalenError } from "../galen-error.ts";
import type { SourceRecord } from "./source-record.ts";

const PubmedQaRecord = z.object({
  QUESTION: z.string(),
  CONTEXTS: z.array(z.string()),
  LABELS: z.array(z.string()).default([]),
  MESHES: z.array(z.string()).default([]),
  YEAR: z.union([z.string(), z.number()]).nullish(),
  LONG_ANSWER: z.string().default(""),
});

/**
 * Reads PubMedQA's JSON (an object keyed by PMID). Its QUESTION is the article's real title, CONTEXTS with
 * LABELS the abstract's sections, LONG_ANSWER the abstract's conclusion and MESHES its MeSH terms. The file is a
 * single JSON object, so it is parsed whole (PubMedQA files are a few MB).
 */
export async function* readPubmedQa(
  chunks: AsyncIterable<string>,
  fileName: string,
): AsyncGenerator<SourceRecord> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GalenError(`${fileName}: not valid JSON (${(error as Error).message}). Re-download the file.`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new GalenError(
      `${fileName}: expected a PubMedQA object keyed by PMID. Choose the right --format for this file.`,
    );
  }
  for (const [pmid, value] of Object.entries(json)) {
    const parsed = PubmedQaRecord.safeParse(value);
    if (!/^\d+$/.test(pmid) || !parsed.success) {
      throw new GalenError(
        `${fileName}: entry "${pmid}" is not a PubMedQA record (needs a numeric PMID key with QUESTION and CONTEXTS). Choose the right --format for this file.`,
      );
    }
    yield { kind: "document", document: pubmedQaDocument(pmid, parsed.data) };
  }
}

function pubmedQaDocument(pmid: string, record: z.infer<typeof PubmedQaRecord>) {
  const sections: AbstractSection[] = record.CONTEXTS.map((text, index) =>
    section(text, record.LABELS[index]),
  );
  if (record.LONG_ANSWER.trim()) sections.push(section(record.LONG_ANSWER, "CONCLUSIONS"));
  const year = Number(record.YEAR);
  return toEvidenceDocument({
    id: pubmedId(pmid),
    source: "pubmed",
    pmid,
    title: record.QUESTION.trim(),
    abstract: sections,
    mesh: record.MESHES.map((descriptor) => ({ descriptor, majorTopic: false, qualifiers: [] })),
    ...(Number.isInteger(year) && year > 1000 ? { publicationDate: { year } } : {}),
  });
}

function section(text: string, label: string | undefined): AbstractSection {
  const category = nlmCategoryForLabel(label);
  return { text: text.trim(), ...(label ? { label } : {}), ...(category ? { nlmCategory: category } : {}) };
}
