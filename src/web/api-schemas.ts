import { z } from "zod";
import { READERS } from "../audience/reader-profiles.ts";
import { REVIEW_ACTIONS } from "../editorial/review-lifecycle.ts";
import { MAX_QUERY_CHARACTERS } from "../search/index.ts";
import { REVIEW_STATUSES } from "../store/index.ts";

/** The API's request schemas: they validate requests and generate /openapi.json. */
export const AskRequest = z.object({
  question: z.string().trim().min(1, "question is empty").max(MAX_QUERY_CHARACTERS),
  audience: z.enum(READERS).default("physician"),
});

export const ArticleListQuery = z.object({
  q: z.string().default(""),
  status: z.enum(REVIEW_STATUSES).optional(),
  type: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const DocumentSearchQuery = z.object({
  q: z.string().trim().min(1, "q is empty").max(MAX_QUERY_CHARACTERS),
  k: z.coerce.number().int().min(1).max(100).default(10),
});

export const AudienceQuery = z.object({ audience: z.enum(READERS).default("physician") });

export const ReviewRequest = z.object({
  action: z.enum(REVIEW_ACTIONS),
  /** The version the reviewer read: an approval of an older one is refused with 409. */
  version: z.number().int().positive().optional(),
  note: z.string().max(2000).optional(),
});
