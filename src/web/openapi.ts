import { z } from "zod";
import { Answer } from "../answer/answer.ts";
import { EvidenceDocument } from "../evidence/index.ts";
import {
  ArticleListQuery,
  AskRequest,
  AudienceQuery,
  DocumentSearchQuery,
  ReviewRequest,
} from "./api-schemas.ts";

const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string(),
  requestId: z.string().optional(),
});

const ArticleSummary = z.object({
  id: z.string(),
  slug: z.string(),
  url: z.string(),
  question: z.string(),
  questionType: z.string(),
  status: z.string(),
  threadId: z.string().optional(),
  latestVersion: z.number().int(),
  approvedVersion: z.number().int().optional(),
  approvedAt: z.string().optional(),
  reviewedBy: z.string().optional(),
  flaggedStatements: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const schema = (type: z.ZodType) => z.toJSONSchema(type, { io: "output", unrepresentable: "any" });
const json = (type: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema: schema(type) } },
});
const problems = {
  default: {
    description: "A problem (RFC 9457)",
    content: { "application/problem+json": { schema: schema(Problem) } },
  },
};

/** Query parameters of an object schema, for OpenAPI. */
function parameters(type: z.ZodObject): object[] {
  const properties =
    (schema(type) as { properties?: Record<string, object>; required?: string[] }).properties ?? {};
  return Object.entries(properties).map(([name, value]) => ({
    name,
    in: "query",
    required: false,
    schema: value,
  }));
}

let document: object | undefined;

/** OpenAPI 3.1, generated from the zod schemas that validate the requests and shape the answers. */
export function openApiDocument(): object {
  document ??= {
    openapi: "3.1.0",
    info: {
      title: "Galen API",
      version: "1",
      description: "Ask clinical questions and read evidence-backed, cited articles.",
    },
    paths: {
      "/api/v1/ask": {
        post: {
          summary: "Answer a question and publish it as an article in Submitted",
          requestBody: { required: true, content: { "application/json": { schema: schema(AskRequest) } } },
          responses: {
            "201": json(
              z.object({ article: ArticleSummary, answer: Answer }),
              "The article and its answer for the reader",
            ),
            "200": json(
              z.object({ reply: z.string() }),
              "A greeting or an off-topic message, answered without a search",
            ),
            ...problems,
          },
        },
      },
      "/api/v1/articles": {
        get: {
          summary: "List and search articles",
          parameters: parameters(ArticleListQuery),
          responses: {
            "200": json(z.object({ articles: z.array(ArticleSummary) }), "Articles, newest first"),
            ...problems,
          },
        },
      },
      "/api/v1/articles/{id}": {
        get: {
          summary: "An article in a reader's version",
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" } },
            ...parameters(AudienceQuery),
          ],
          responses: {
            "200": json(z.object({ article: ArticleSummary, answer: Answer }), "The article"),
            ...problems,
          },
        },
      },
      "/api/v1/articles/{id}/follow-ups": {
        post: {
          summary: "Ask a follow-up in the article's conversation",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { required: true, content: { "application/json": { schema: schema(AskRequest) } } },
          responses: {
            "201": json(z.object({ article: ArticleSummary, answer: Answer }), "The follow-up's article"),
            ...problems,
          },
        },
      },
      "/api/v1/session": {
        get: {
          summary: "The signed-in account (session cookie) and its CSRF token for review calls",
          responses: {
            "200": json(
              z.object({ email: z.string(), name: z.string(), role: z.string(), csrfToken: z.string() }),
              "The account",
            ),
            ...problems,
          },
        },
      },
      "/api/v1/articles/{id}/review": {
        post: {
          summary:
            "Take a review action (claim, release, approve, request-changes, reject, resubmit) as the signed-in board member; send the session cookie and X-CSRF-Token. 409 lists the allowed actions.",
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" } },
            { name: "X-CSRF-Token", in: "header", required: true, schema: { type: "string" } },
          ],
          requestBody: { required: true, content: { "application/json": { schema: schema(ReviewRequest) } } },
          responses: {
            "200": json(z.object({ article: ArticleSummary }), "The article after the action"),
            ...problems,
          },
        },
      },
      "/api/v1/documents": {
        get: {
          summary: "Search the evidence",
          parameters: parameters(DocumentSearchQuery),
          responses: { "200": { description: "Ranked documents with snippets" }, ...problems },
        },
      },
      "/api/v1/documents/{id}": {
        get: {
          summary: "One evidence document",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": json(EvidenceDocument, "The document"), ...problems },
        },
      },
    },
  };
  return document;
}
