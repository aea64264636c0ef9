export { nlmCategoryForLabel } from "./abstract-label.ts";
export { doiId, normalizeDoi, pubmedId, sourceId } from "./document-id.ts";
export {
  AbstractSection,
  Author,
  abstractText,
  completeEvidenceDocument,
  EvidenceDocument,
  type EvidenceDocumentInput,
  MeshHeading,
  NLM_CATEGORIES,
  PublicationDate,
  publicationYear,
  toEvidenceDocument,
} from "./evidence-document.ts";
export {
  EVIDENCE_LEVEL_LABELS,
  EVIDENCE_LEVELS,
  type EvidenceLevel,
  evidenceLevelFrom,
  isRetractedPublication,
} from "./evidence-level.ts";
