import { z } from "zod";
import { SECTION_KINDS, VERDICTS } from "./answer.ts";

/**
 * What a composer writes before verification: statements that cite evidence by its number in the evidence packet
 * (1 = the first source given). The pipeline verifies every statement against the sources it cites, then turns
 * evidence numbers into reference numbers. A composer cannot add framing of its own: only claims, each citing.
 */
export const DraftStatement = z.object({
  text: z.string().min(1),
  evidence: z.array(z.number().int().positive()).min(1),
  /** Galen's reading of the cited studies together (designs, sizes, directions); see evidence-synthesis.ts. */
  synthesis: z.boolean().optional(),
});
export type DraftStatement = z.infer<typeof DraftStatement>;

export const DraftSection = z.object({
  heading: z.string().min(1),
  kind: z.enum(SECTION_KINDS),
  items: z.array(
    z.object({
      label: z.string().optional(),
      statements: z.array(DraftStatement),
    }),
  ),
});
export type DraftSection = z.infer<typeof DraftSection>;

export const AnswerDraft = z.object({
  /** For a yes/no question, the composer's one-word answer, if it gives one. */
  verdict: z.enum(VERDICTS).optional(),
  bottomLine: z.array(DraftStatement),
  sections: z.array(DraftSection),
});
export type AnswerDraft = z.infer<typeof AnswerDraft>;
