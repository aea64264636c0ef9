import { z } from "zod";
import { READERS, type Reader } from "../audience/reader-profiles.ts";
import { EVIDENCE_LEVELS } from "../evidence/index.ts";

/** The kinds of clinical question Galen answers, each with its own section template. */
export const QUESTION_KINDS = [
  "treatment",
  "diagnosis",
  "prognosis",
  "etiology",
  "dosing",
  "comparison",
  "overview",
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** A model's one-word answer to a yes/no question (PubMedQA's labels); the extractive composer gives none. */
export const VERDICTS = ["yes", "no", "maybe"] as const;

/** Who the answer is written for; the reader profiles themselves live in `audience/`. */
export type Audience = Reader;

/** The sentence of a cited source that backs a statement, so a reader can check it without opening the paper. */
export const SupportingQuote = z.object({
  reference: z.number().int().positive(),
  quote: z.string().min(1),
});
export type SupportingQuote = z.infer<typeof SupportingQuote>;

/**
 * One sentence of an answer. A claim says something about medicine and must cite at least one reference; a
 * framing sentence is Galen's own wording ("The evidence found is insufficient…") and cites nothing.
 */
export const Statement = z
  .object({
    text: z.string().min(1),
    kind: z.enum(["claim", "framing"]).default("claim"),
    citations: z.array(z.number().int().positive()).default([]),
    /** 0–1: how much of the statement its best cited source contains (1 for a source's own sentence). */
    support: z.number().min(0).max(1).default(0),
    /** The source-backed wording, when the text was reworded for a reader (it was verified in this form). */
    original: z.string().optional(),
    /**
     * Galen's reading of the cited studies together ("Two randomized trials (…) reported a favourable effect"): its
     * designs, counts and directions are Galen's words, its topic and numbers the sources'.
     */
    synthesis: z.boolean().optional(),
    /** Set when verification could not confirm the statement and the composer was told to flag, not drop. */
    flag: z.string().optional(),
    quotes: z.array(SupportingQuote).default([]),
  })
  .refine((statement) => statement.kind === "framing" || statement.citations.length > 0, {
    message: "a claim must cite at least one reference",
  })
  .refine((statement) => statement.kind === "claim" || statement.citations.length === 0, {
    message: "Galen's own framing cites nothing",
  });
export type Statement = z.infer<typeof Statement>;

/** A line of a section: an optional label ("First-line: conservative care") over a list of statements. */
export const SectionItem = z.object({
  label: z.string().optional(),
  statements: z.array(Statement).min(1),
});
export type SectionItem = z.infer<typeof SectionItem>;

export const SECTION_KINDS = [
  "understanding",
  "presentation",
  "assessment",
  "treatment-algorithm",
  "comparison",
  "dosing",
  "safety",
  "causes",
  "outcomes",
  "special-considerations",
  "follow-up",
  "key-findings",
  "evidence-found",
  "what-this-means",
  "when-to-seek-care",
  "questions-to-ask",
  "summary",
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export const AnswerSection = z.object({
  heading: z.string().min(1),
  kind: z.enum(SECTION_KINDS),
  items: z.array(SectionItem).min(1),
});
export type AnswerSection = z.infer<typeof AnswerSection>;

export const Reference = z.object({
  number: z.number().int().positive(),
  id: z.string().min(1),
  title: z.string(),
  /** Vancouver style ("Abdool Karim SS", or a group's name), in the record's order; absent when it names none. */
  authors: z.array(z.string()).optional(),
  journal: z.string().optional(),
  year: z.number().int().optional(),
  evidenceLevel: z.enum(EVIDENCE_LEVELS),
  /** True when the level was inferred from the title and abstract, not stated by publication types or MeSH. */
  evidenceLevelInferred: z.boolean().optional(),
  pmid: z.string().optional(),
  doi: z.string().optional(),
  pmcid: z.string().optional(),
  links: z.object({ pubmed: z.url().optional(), doi: z.url().optional(), pmc: z.url().optional() }),
  /** The reference formatted in Vancouver style (the style AMA's is based on). */
  citation: z.string().min(1),
});
export type Reference = z.infer<typeof Reference>;

export const EvidenceSummary = z.object({
  counts: z.partialRecord(z.enum(EVIDENCE_LEVELS), z.number().int().positive()),
  years: z.object({ from: z.number().int(), to: z.number().int() }).optional(),
  /** "2 guidelines, 3 systematic reviews, 4 randomized trials, 2011–2024". */
  text: z.string(),
});
export type EvidenceSummary = z.infer<typeof EvidenceSummary>;

/** What retrieval returned for the question, in rank order, so any answer can be audited and reproduced. */
export const RetrievedEvidence = z.object({
  id: z.string().min(1),
  title: z.string(),
  rank: z.number().int().positive(),
  score: z.number(),
  /** The share (0–1) of the question's key concepts, by specificity, that the document names. */
  relevance: z.number().min(0).max(1).optional(),
  /** The reference number when the answer cites it. */
  reference: z.number().int().positive().optional(),
});
export type RetrievedEvidence = z.infer<typeof RetrievedEvidence>;

export const Verification = z.object({
  /** Statements checked against their cited sources. */
  checked: z.number().int().nonnegative(),
  supported: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
  flagged: z.number().int().nonnegative(),
});
export type Verification = z.infer<typeof Verification>;

export const Answer = z.object({
  question: z.string().min(1),
  /** What was searched, when it differs from the question (a follow-up that carried earlier concepts). */
  searchedAs: z.string().optional(),
  questionType: z.enum(QUESTION_KINDS),
  audience: z.enum(READERS),
  /** Shown before everything else when the question describes an emergency. */
  urgentNotice: z.string().optional(),
  /** True when retrieval found too little to answer; the answer then says so and lists what was found. */
  insufficientEvidence: z.boolean(),
  verdict: z.enum(VERDICTS).optional(),
  bottomLine: z.array(Statement),
  sections: z.array(AnswerSection),
  references: z.array(Reference),
  evidenceSummary: EvidenceSummary,
  caveats: z.array(z.string()),
  disclaimer: z.string().min(1),
  composer: z.object({
    name: z.enum(["extractive", "model"]),
    /** The model that wrote the answer, for the model composer. */
    model: z.string().optional(),
    settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  }),
  retrieval: z.object({
    /** The retrieval preset (see `galen search --help`). */
    preset: z.string(),
    evidence: z.array(RetrievedEvidence),
  }),
  verification: Verification,
  /** Questions a clinician might ask next that the corpus can answer (set when asked in a thread). */
  followUps: z.array(z.string()).optional(),
  createdAt: z.iso.datetime(),
});
export type Answer = z.infer<typeof Answer>;

export const CLOSEST_HEADING = "Closest Documents Found";

/** How many documents an answer that found too little shows as the closest to the question. */
const CLOSEST_SHOWN = 3;

/**
 * The retrieved documents that came closest to the question, for an answer that found too little: the few that
 * name most of what was asked, never the whole list of what a search matched.
 */
export function closestDocuments(answer: Pick<Answer, "retrieval">): RetrievedEvidence[] {
  return answer.retrieval.evidence
    .filter((item) => (item.relevance ?? 0) > 0)
    .sort((a, b) => (b.relevance ?? 0) - (a.relevance ?? 0) || a.rank - b.rank)
    .slice(0, CLOSEST_SHOWN);
}

/** Every statement of an answer, bottom line first, in reading order. */
export function answerStatements(answer: Pick<Answer, "bottomLine" | "sections">): Statement[] {
  return [
    ...answer.bottomLine,
    ...answer.sections.flatMap((section) => section.items.flatMap((item) => item.statements)),
  ];
}
