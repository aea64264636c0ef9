import { z } from "zod";
import { Answer } from "../answer/answer.ts";
import { READERS } from "../audience/reader-profiles.ts";
import { EVIDENCE_LEVELS, EvidenceDocument } from "../evidence/index.ts";
import { MAX_QUERY_CHARACTERS } from "../search/index.ts";
import { REVIEW_STATUSES } from "../store/index.ts";

/** The tools' input and output schemas: the SDK validates calls and results with them and lists them as JSON Schema. */

const audience = z
  .enum(READERS)
  .default("physician")
  .describe(
    "Who the answer is written for: the same evidence and references, in wording made for this reader. Default physician.",
  );

const tooLong = `at most ${MAX_QUERY_CHARACTERS} characters; ask one question at a time`;

export const SearchEvidenceInput = z.object({
  query: z
    .string()
    .max(MAX_QUERY_CHARACTERS, tooLong)
    .describe('A clinical question or medical terms, e.g. "pars defect" or "treatment of spondylolysis".'),
  k: z.number().int().min(1).max(50).default(10).describe("How many documents to return, best first (1–50)."),
});

export const AskInput = z.object({
  question: z
    .string()
    .max(MAX_QUERY_CHARACTERS, tooLong)
    .describe('One clinical question, e.g. "What is the treatment for pars defect?"'),
  audience,
  thread_id: z
    .string()
    .min(1)
    .optional()
    .describe("Ask a follow-up in an earlier conversation: the threadId from an earlier ask result."),
});

export const GetArticleInput = z.object({
  id: z.string().min(1).describe("The article id (articleId in an ask result)."),
  audience,
});

export const GetDocumentInput = z.object({
  id: z
    .string()
    .min(1)
    .describe("The document id, e.g. pubmed:12345 (from search_evidence or an answer's references)."),
});

export const SearchEvidenceOutput = z.object({
  query: z.string(),
  notice: z.string().optional(),
  results: z.array(
    z.object({
      rank: z.number().int().positive(),
      id: z.string(),
      title: z.string(),
      journal: z.string().optional(),
      year: z.number().int().optional(),
      evidenceLevel: z.enum(EVIDENCE_LEVELS),
      retracted: z.boolean(),
      score: z.number(),
      snippet: z.string().optional(),
    }),
  ),
});

/** A published answer: where to read it, where it stands in review, and the answer itself. */
export const ArticleOutput = z.object({
  articleId: z.string(),
  /** The article's page on Galen's web app. */
  path: z.string(),
  /** The full address, when the web app's public URL is configured (GALEN_PUBLIC_URL). */
  url: z.string().optional(),
  status: z.enum(REVIEW_STATUSES),
  threadId: z.string().optional(),
  answer: Answer,
});

/** An object (MCP's structured content must be one) holding either the article or Galen's polite reply. */
export const AskOutput = ArticleOutput.partial().extend({
  kind: z.enum(["article", "polite"]),
  reply: z.string().optional().describe("Galen's reply to a greeting or a message that is not a question."),
});

export const GetDocumentOutput = z.object({ document: EvidenceDocument });
