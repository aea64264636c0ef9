import { z } from "zod";
import { EVIDENCE_LEVELS, evidenceLevelFrom, isRetractedPublication } from "./evidence-level.ts";

/** NLM's categories for structured-abstract labels. */
export const NLM_CATEGORIES = [
  "BACKGROUND",
  "OBJECTIVE",
  "METHODS",
  "RESULTS",
  "CONCLUSIONS",
  "UNASSIGNED",
] as const;

export const AbstractSection = z.object({
  label: z.string().optional(),
  nlmCategory: z.enum(NLM_CATEGORIES).optional(),
  text: z.string(),
});
export type AbstractSection = z.infer<typeof AbstractSection>;

export const MeshHeading = z.object({
  descriptor: z.string().min(1),
  descriptorUi: z.string().optional(),
  majorTopic: z.boolean().default(false),
  qualifiers: z
    .array(
      z.object({
        name: z.string().min(1),
        ui: z.string().optional(),
        majorTopic: z.boolean().default(false),
      }),
    )
    .default([]),
});
export type MeshHeading = z.infer<typeof MeshHeading>;

export const Author = z.object({
  lastName: z.string().optional(),
  foreName: z.string().optional(),
  initials: z.string().optional(),
  collectiveName: z.string().optional(),
});
export type Author = z.infer<typeof Author>;

/** A partial ISO date: year always, month and day when the source has them. */
export const PublicationDate = z.object({
  year: z.number().int().min(1000).max(3000),
  month: z.number().int().min(1).max(12).optional(),
  day: z.number().int().min(1).max(31).optional(),
});
export type PublicationDate = z.infer<typeof PublicationDate>;

export const EvidenceDocument = z.object({
  /** Stable id: `pubmed:<PMID>`, `doi:<DOI>` or `<source>:<id>`. */
  id: z.string().regex(/^[a-z][a-z0-9-]*:\S+$/, "id must look like <source>:<id>, e.g. pubmed:12345"),
  source: z.string().min(1),
  title: z.string(),
  abstract: z.array(AbstractSection).default([]),
  journal: z.string().optional(),
  publicationDate: PublicationDate.optional(),
  authors: z.array(Author).default([]),
  pmid: z.string().optional(),
  doi: z.string().optional(),
  pmcid: z.string().optional(),
  publicationTypes: z.array(z.string()).default([]),
  mesh: z.array(MeshHeading).default([]),
  keywords: z.array(z.string()).default([]),
  language: z.string().optional(),
  evidenceLevel: z.enum(EVIDENCE_LEVELS),
  retracted: z.boolean().default(false),
});
export type EvidenceDocument = z.infer<typeof EvidenceDocument>;

/** What a reader needs to build a document; the evidence level is derived, not supplied. */
export type EvidenceDocumentInput = Omit<z.input<typeof EvidenceDocument>, "evidenceLevel" | "retracted"> & {
  retracted?: boolean;
};

export function abstractText(document: Pick<EvidenceDocument, "abstract">): string {
  return document.abstract.map((section) => section.text).join("\n");
}

export function publicationYear(document: Pick<EvidenceDocument, "publicationDate">): number | undefined {
  return document.publicationDate?.year;
}

/**
 * Completes a reader's record: derives the evidence level and the retraction mark, and validates the shape.
 * A notice that the article was retracted (`retracted: true` from the reader) is kept even when the
 * publication types do not say so.
 */
export function toEvidenceDocument(input: EvidenceDocumentInput): EvidenceDocument {
  return EvidenceDocument.parse({
    ...input,
    ...derivedFields(input.publicationTypes ?? [], input.mesh ?? [], input.retracted),
  });
}

/**
 * The same derivation for a reader that has built every field itself with the right types (the PubMed XML
 * reader): no second validation pass, which costs a deep copy per document during bulk ingest.
 */
export function completeEvidenceDocument(
  document: Omit<EvidenceDocument, "evidenceLevel" | "retracted"> & { retracted?: boolean },
): EvidenceDocument {
  return { ...document, ...derivedFields(document.publicationTypes, document.mesh, document.retracted) };
}

function derivedFields(
  publicationTypes: readonly string[],
  mesh: ReadonlyArray<{ descriptor: string }>,
  retracted: boolean | undefined,
): Pick<EvidenceDocument, "evidenceLevel" | "retracted"> {
  return {
    evidenceLevel: evidenceLevelFrom(
      publicationTypes,
      mesh.map((heading) => heading.descriptor),
    ),
    retracted: retracted === true || isRetractedPublication(publicationTypes),
  };
}
