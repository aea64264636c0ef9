import { z } from "zod";
import { EVIDENCE_LEVELS, EvidenceDocument, toEvidenceDocument } from "../evidence/index.ts";
import { GalenError } from "../galen-error.ts";
import type { SourceRecord } from "./source-record.ts";
import { parseJsonLine, textLines } from "./text-lines.ts";

/**
 * Galen's own JSONL: one EvidenceDocument a line; the evidence level is derived unless the line states it. A stated
 * level is marked as inferred only when the line says so (a document Galen wrote out after inferring it).
 */
const GalenLine = EvidenceDocument.extend({
  evidenceLevel: z.enum(EVIDENCE_LEVELS).optional(),
});

export async function* readGalenJsonl(
  chunks: AsyncIterable<string>,
  fileName: string,
): AsyncGenerator<SourceRecord> {
  for await (const { line, number } of textLines(chunks)) {
    if (line.trim() === "") continue;
    let json: unknown;
    try {
      json = parseJsonLine(line, number, fileName);
    } catch (error) {
      throw new GalenError(`${(error as Error).message} Each line must be one JSON object.`);
    }
    const parsed = GalenLine.safeParse(json);
    if (!parsed.success) {
      throw new GalenError(
        `${fileName} line ${number}: not a Galen evidence document (${z.prettifyError(parsed.error).replace(/\n/g, " ")}). Fix the line, or choose the right --format for this file.`,
      );
    }
    const { evidenceLevel, evidenceLevelInferred, ...input } = parsed.data;
    const derived = toEvidenceDocument(input);
    yield {
      kind: "document",
      document: evidenceLevel ? stated(derived, evidenceLevel, evidenceLevelInferred) : derived,
    };
  }
}

function stated(
  document: EvidenceDocument,
  evidenceLevel: EvidenceDocument["evidenceLevel"],
  inferred: boolean | undefined,
): EvidenceDocument {
  const { evidenceLevelInferred: _derived, ...rest } = document;
  return { ...rest, evidenceLevel, ...(inferred ? { evidenceLevelInferred: true } : {}) };
}
