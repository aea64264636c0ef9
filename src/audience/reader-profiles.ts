/** The readers Galen writes for; physician is the default. */
export const READERS = ["physician", "nurse", "pharmacist", "student", "patient"] as const;
export type Reader = (typeof READERS)[number];

/** How technical terms are shown: as written, with a plain gloss after their first use, or in plain words. */
export type TermDisplay = "technical" | "glossed" | "plain";

/**
 * What a reader sees. A profile changes wording, depth and order, never which sources support the answer or
 * what they say.
 */
export interface ReaderProfile {
  reader: Reader;
  label: string;
  /** The U.S. school grade the wording aims at; the patient profile's is checked in `galen eval pubmedqa`. */
  targetGrade: number;
  /** Section kinds first, in this order; the rest keep the answer's order. */
  sectionsFirst: readonly string[];
  /** Section kinds this reader does not see. */
  hiddenSections: readonly string[];
  terms: TermDisplay;
  /** Doses, regimens and procedural detail; statements that state a dose are left out when false. */
  showsDosing: boolean;
  /** Parentheses and statistics (confidence intervals, P values) dropped, long sentences split at clauses. */
  simplifiesSentences: boolean;
  /** Weight the extractive composer gives to plain sentences when choosing between sources' sentences. */
  plainSentenceWeight: number;
  /** "What this means for you", "When to seek care" and "Questions to ask your clinician". */
  addsPatientGuidance: boolean;
  disclaimer: string;
}

export const PROFESSIONAL_DISCLAIMER =
  "Galen drafts this answer from published abstracts for healthcare professionals. It is not medical advice, does not replace clinical judgement or the full texts of the sources, and has not been checked by a clinician unless it is marked Approved.";

export const PATIENT_DISCLAIMER =
  "This page explains what published research says, in plain words. It is not advice about your own health. Talk to your doctor, nurse or pharmacist before you start, stop or change any treatment. It has not been checked by a clinician unless it is marked Approved.";

const professional = {
  targetGrade: 16,
  hiddenSections: [],
  terms: "technical",
  showsDosing: true,
  simplifiesSentences: false,
  plainSentenceWeight: 0,
  addsPatientGuidance: false,
  disclaimer: PROFESSIONAL_DISCLAIMER,
} as const;

export const READER_PROFILES: Record<Reader, ReaderProfile> = {
  physician: { ...professional, reader: "physician", label: "Physician", sectionsFirst: [] },
  nurse: {
    ...professional,
    reader: "nurse",
    label: "Nurse / advanced practice provider",
    targetGrade: 13,
    sectionsFirst: ["assessment", "treatment-algorithm", "follow-up", "safety"],
  },
  pharmacist: {
    ...professional,
    reader: "pharmacist",
    label: "Pharmacist",
    sectionsFirst: ["dosing", "safety", "comparison", "treatment-algorithm"],
  },
  student: {
    ...professional,
    reader: "student",
    label: "Medical student",
    targetGrade: 14,
    sectionsFirst: ["understanding", "presentation", "causes", "assessment"],
    terms: "glossed",
  },
  patient: {
    reader: "patient",
    label: "Patient or caregiver",
    targetGrade: 8,
    sectionsFirst: ["understanding", "treatment-algorithm", "outcomes"],
    hiddenSections: ["dosing"],
    terms: "plain",
    showsDosing: false,
    simplifiesSentences: true,
    plainSentenceWeight: 0.3,
    addsPatientGuidance: true,
    disclaimer: PATIENT_DISCLAIMER,
  },
};

/** A reader by name, or an error message listing the valid ones. */
export function readerProfile(name: string): ReaderProfile | { error: string } {
  if ((READERS as readonly string[]).includes(name)) return READER_PROFILES[name as Reader];
  return { error: `Unknown audience "${name}". Choose one of: ${READERS.join(", ")}.` };
}
