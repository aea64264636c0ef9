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
  withLevelFromText,
} from "./evidence-document.ts";
export {
  EVIDENCE_LEVEL_LABELS,
  EVIDENCE_LEVELS,
  type EvidenceLevel,
  evidenceLevelFrom,
  isRetractedPublication,
} from "./evidence-level.ts";
export {
  evidenceLevelFromText,
  type InferredEvidenceLevel,
  inferEvidenceLevel,
} from "./evidence-level-from-text.ts";
export { namesNonHumans, studiesOnlyNonHumans } from "./study-subjects.ts";
