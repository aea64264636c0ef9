import { z } from "zod";
import { sourceId, toEvidenceDocument } from "../evidence/index.ts";
import { GalenError } from "../galen-error.ts";
import type { SourceRecord } from "./source-record.ts";
import { parseJsonLine, textLines } from "./text-lines.ts";

const BeirLine = z.object({
  _id: z.union([z.string().min(1), z.number()]),
  title: z.string().default(""),
  text: z.string().default(""),
});

/** Reads a BEIR `corpus.jsonl`; ids become `<source>:<_id>` (the source is the BEIR data set's name). */
export async function* readBeirCorpus(
  chunks: AsyncIterable<string>,
  fileName: string,
  source: string,
): AsyncGenerator<SourceRecord> {
  for await (const { line, number } of textLines(chunks)) {
    if (line.trim() === "") continue;
    const parsed = BeirLine.safeParse(parseLine(line, number, fileName));
    if (!parsed.success) {
      throw new GalenError(
        `${fileName} line ${number}: not a BEIR corpus line (${z.prettifyError(parsed.error).replace(/\n/g, " ")}). Each line needs "_id", "title" and "text".`,
      );
    }
    const { _id, title, text } = parsed.data;
    yield {
      kind: "document",
      document: toEvidenceDocument({
        id: sourceId(source, String(_id)),
        source,
        title: title.trim(),
        abstract: text.trim() ? [{ text: text.trim() }] : [],
      }),
    };
  }
}

function parseLine(line: string, number: number, fileName: string): unknown {
  try {
    return parseJsonLine(line, number, fileName);
  } catch (error) {
    throw new GalenError(`${(error as Error).message} Each line must be one JSON object.`);
  }
}
