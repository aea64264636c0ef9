import { z } from "zod";
import { EVIDENCE_LEVELS, evidenceLevelFrom, isRetractedPublication } from "./evidence-level.ts";
import { evidenceLevelFromText } from "./evidence-level-from-text.ts";

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
  /**
   * True when the level was inferred from the title and abstract (evidence-level-from-text.ts) because the
   * publication types and MeSH headings state none; absent when they state it. Records stored before Galen
   * inferred levels lack it. Last, so that adding it to a stored record keeps the record's other keys in place.
   */
  evidenceLevelInferred: z.boolean().optional(),
});
export type EvidenceDocument = z.infer<typeof EvidenceDocument>;

/** The fields derived from the others, never supplied by a reader. */
type DerivedField = "evidenceLevel" | "retracted" | "evidenceLevelInferred";

/** What a reader needs to build a document; the evidence level is derived, not supplied. */
export type EvidenceDocumentInput = Omit<z.input<typeof EvidenceDocument>, DerivedField> & {
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
  const { evidenceLevelInferred: _supplied, ...fields } = input as EvidenceDocumentInput & {
    evidenceLevelInferred?: unknown;
  };
  return EvidenceDocument.parse({
    ...fields,
    ...derivedFields(input, input.publicationTypes ?? [], input.mesh ?? [], input.retracted),
  });
}

/**
 * The same derivation for a reader that has built every field itself with the right types (the PubMed XML
 * reader): no second validation pass, which costs a deep copy per document during bulk ingest.
 */
export function completeEvidenceDocument(
  document: Omit<EvidenceDocument, DerivedField> & { retracted?: boolean },
): EvidenceDocument {
  return {
    ...document,
    ...derivedFields(document, document.publicationTypes, document.mesh, document.retracted),
  };
}

/**
 * A stored document whose level was derived before Galen read levels from text (unclassified, not marked as
 * inferred), with the level its title and abstract state; undefined when they state none or the level stands.
 */
export function withLevelFromText(document: EvidenceDocument): EvidenceDocument | undefined {
  if (document.evidenceLevel !== "unclassified" || document.evidenceLevelInferred !== undefined)
    return undefined;
  const level = evidenceLevelFromText(document);
  return level ? { ...document, evidenceLevel: level, evidenceLevelInferred: true } : undefined;
}

/**
 * The level (publication types, then MeSH design headings, then the title and abstract's words) and the
 * retraction mark. Keys in the order the schema lists them, so that parsed and unparsed documents serialise alike.
 */
function derivedFields(
  text: { title?: string | undefined; abstract?: DesignTextSections | undefined },
  publicationTypes: readonly string[],
  mesh: ReadonlyArray<{ descriptor: string }>,
  retracted: boolean | undefined,
): Pick<EvidenceDocument, DerivedField> {
  const stated = evidenceLevelFrom(
    publicationTypes,
    mesh.map((heading) => heading.descriptor),
  );
  const inferred =
    stated === "unclassified"
      ? evidenceLevelFromText({ title: text.title ?? "", abstract: text.abstract ?? [] })
      : undefined;
  return {
    evidenceLevel: inferred ?? stated,
    retracted: retracted === true || isRetractedPublication(publicationTypes),
    ...(inferred ? { evidenceLevelInferred: true } : {}),
  };
}

type DesignTextSections = ReadonlyArray<{
  label?: string | undefined;
  nlmCategory?: string | undefined;
  text: string;
}>;
