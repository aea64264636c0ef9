import { type Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { z } from "zod";
import { answerStatements } from "../answer/answer.ts";
import { personalizeAnswer } from "../answer/personalize-answer.ts";
import type { Reader } from "../audience/reader-profiles.ts";
import { publicArticle } from "../editorial/public-version.ts";
import { ReviewRefused, reviewArticle } from "../editorial/review-article.ts";
import { GalenError } from "../galen-error.ts";
import { searchDocuments } from "../search/index.ts";
import type { Article, GalenStore } from "../store/index.ts";
import {
  ArticleListQuery,
  AskRequest,
  AudienceQuery,
  DocumentSearchQuery,
  ReviewRequest,
} from "./api-schemas.ts";
import { type ArticleVersions, articlePath } from "./articles.ts";
import type { Ask, Asked } from "./asker.ts";
import { openApiDocument } from "./openapi.ts";
import { problem } from "./problem.ts";
import { type SignIn, validCsrf } from "./sign-in.ts";

const SIGN_IN_NEEDED =
  "Sign in at /login as a member of the advisory board and send the session cookie with each request.";

/** `/api/v1/…` and `/openapi.json`: the same store and the same schemas as the pages. */
/**
 * Answers and publishes a question: as JSON, or with `Accept: text/event-stream` as Server-Sent Events (each
 * statement as it is checked, as the model writes with a model composer, then the article; a problem the user can
 * fix arrives as an "error" event).
 */
async function answerRequest(
  c: Context,
  ask: Ask,
  question: string,
  audience: Reader,
  options: { threadId?: string } = {},
): Promise<Response> {
  if (!(c.req.header("Accept") ?? "").includes("text/event-stream")) {
    return askReply(c, await ask(question, options), audience);
  }
  return streamSSE(c, async (stream) => {
    const sent = new Set<string>();
    const send = (event: string, data: unknown) => stream.writeSSE({ event, data: JSON.stringify(data) });
    try {
      const asked = await ask(question, {
        ...options,
        onStatement: ({ statement, check }) => {
          sent.add(statement.text);
          void send("statement", {
            text: statement.text,
            evidence: statement.evidence,
            supported: check.supported,
          });
        },
      });
      if (asked.kind === "polite") return await send("reply", { reply: asked.text });
      const answer = personalizeAnswer(asked.answer, audience);
      for (const statement of answerStatements(answer)) {
        if (!sent.has(statement.original ?? statement.text)) {
          await send("statement", { text: statement.text, citations: statement.citations, supported: true });
        }
      }
      await send("article", { article: summary(asked.article), answer });
    } catch (error) {
      if (!(error instanceof GalenError)) throw error;
      await send("error", { detail: error.message });
    }
  });
}

export function apiRoutes({
  store,
  versions,
  signIn,
  ask,
}: {
  store: GalenStore;
  versions: ArticleVersions;
  signIn: SignIn;
  ask: Ask;
}): Hono {
  const api = new Hono();

  api.get("/openapi.json", (c) => c.json(openApiDocument()));

  api.post("/api/v1/ask", async (c) => {
    const body = parsed(AskRequest, await jsonBody(c));
    if ("error" in body) return problem(c, 400, "Invalid request", body.error);
    return answerRequest(c, ask, body.data.question, body.data.audience);
  });

  api.post("/api/v1/articles/:id/follow-ups", async (c) => {
    const article = await store.articleSummary(c.req.param("id"));
    if (article === undefined || article.status === "rejected")
      return problem(c, 404, "Not found", "There is no such article.");
    const body = parsed(AskRequest, await jsonBody(c));
    if ("error" in body) return problem(c, 400, "Invalid request", body.error);
    return answerRequest(
      c,
      ask,
      body.data.question,
      body.data.audience,
      article.threadId ? { threadId: article.threadId } : {},
    );
  });

  api.get("/api/v1/articles", async (c) => {
    const query = parsed(ArticleListQuery, c.req.query());
    if ("error" in query) return problem(c, 400, "Invalid query", query.error);
    const { q, status, type, limit, offset } = query.data;
    const articles = await store.listArticles({
      text: q,
      limit,
      offset,
      publicOnly: true,
      ...(status ? { status } : {}),
      ...(type ? { questionType: type } : {}),
    });
    return c.json({ articles: articles.map(summary) });
  });

  api.get("/api/v1/articles/:id", async (c) => {
    const article = await publicArticle(store, c.req.param("id"));
    if (article === undefined) return problem(c, 404, "Not found", "There is no such article.");
    const query = parsed(AudienceQuery, c.req.query());
    if ("error" in query) return problem(c, 400, "Invalid query", query.error);
    return c.json({ article: summary(article), answer: versions.version(article, query.data.audience) });
  });

  api.get("/api/v1/session", async (c) => {
    const signedIn = await signIn.current(c);
    if (signedIn === undefined) return problem(c, 401, "Not signed in", SIGN_IN_NEEDED);
    const { email, name, role } = signedIn.account;
    c.header("Cache-Control", "private, no-store");
    return c.json({ email, name, role, csrfToken: signedIn.session.csrfToken });
  });

  api.post("/api/v1/articles/:id/review", async (c) => {
    const signedIn = await signIn.current(c);
    if (signedIn === undefined) return problem(c, 401, "Not signed in", SIGN_IN_NEEDED);
    if (!validCsrf(signedIn.session, c.req.header("X-CSRF-Token"))) {
      return problem(
        c,
        403,
        "Forbidden",
        "Send this session's CSRF token (GET /api/v1/session) as X-CSRF-Token.",
      );
    }
    const body = parsed(ReviewRequest, await jsonBody(c));
    if ("error" in body) return problem(c, 400, "Invalid request", body.error);
    try {
      const article = await reviewArticle(store, {
        articleId: c.req.param("id"),
        actor: signedIn.account.email,
        requestId: c.get("requestId"),
        ...body.data,
      });
      return c.json({ article: summary(article) });
    } catch (error) {
      if (!(error instanceof ReviewRefused)) throw error;
      return problem(c, error.status, "Review action refused", error.message, {
        allowedActions: error.allowedActions,
      });
    }
  });

  api.get("/api/v1/documents", async (c) => {
    const query = parsed(DocumentSearchQuery, c.req.query());
    if ("error" in query) return problem(c, 400, "Invalid query", query.error);
    const outcome = await searchDocuments(store, query.data.q, { k: query.data.k });
    return c.json({
      query: outcome.query,
      results: outcome.results,
      ...(outcome.notice ? { notice: outcome.notice } : {}),
    });
  });

  api.get("/api/v1/documents/:id", async (c) => {
    const document = await store.getDocument(c.req.param("id"));
    return document
      ? c.json(document)
      : problem(c, 404, "Not found", "There is no such document in this corpus.");
  });

  return api;
}

function askReply(c: Context, asked: Asked, audience: Reader) {
  if (asked.kind === "polite") return c.json({ reply: asked.text });
  return c.json({ article: summary(asked.article), answer: personalizeAnswer(asked.answer, audience) }, 201, {
    Location: articlePath(asked.article),
  });
}

/** What the API shows of an article: not its answer (sent apart) nor which board member holds its claim. */
function summary(article: Omit<Article, "answer" | "version" | "cited"> & Partial<Article>) {
  const { answer: _answer, claimedBy: _claimant, ...rest } = article;
  return { ...rest, url: articlePath(article) };
}

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

/** The validated value, or one line saying what is wrong with it. */
function parsed<T extends z.ZodType>(schema: T, value: unknown): { data: z.infer<T> } | { error: string } {
  if (value === undefined)
    return { error: 'The body must be JSON, e.g. {"question": "What is the treatment for pars defect?"}.' };
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data };
  const issue = result.error.issues[0];
  return { error: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}` };
}
