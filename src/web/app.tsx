import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import type { Composer } from "../answer/composer.ts";
import { editorialPolicy } from "../editorial/editorial-policy.ts";
import { EvidenceDocument } from "../evidence/index.ts";
import { GalenError } from "../galen-error.ts";
import { type GalenStore, REVIEW_STATUSES, type ReviewStatus } from "../store/index.ts";
import { JobNotDone, type JobQueue } from "../store/job-queue.ts";
import { ThreadNotFound } from "../threads/ask-in-thread.ts";
import { apiRoutes } from "./api.ts";
import { articleRoutes } from "./article-routes.tsx";
import { ArticleVersions, articlePath, RenderedPages } from "./articles.ts";
import { ASK_SCRIPT } from "./ask-script.ts";
import { localAsk, queuedAsk } from "./asker.ts";
import { boardRoutes } from "./board-routes.tsx";
import { editorialRoutes } from "./editorial-routes.tsx";
import { STYLESHEET } from "./galen-css.ts";
import { DocumentPage } from "./pages/document-page.tsx";
import { HomePage } from "./pages/home-page.tsx";
import { LibraryPage } from "./pages/library-page.tsx";
import { MessagePage } from "./pages/message-page.tsx";
import { problem } from "./problem.ts";
import { ONBOARDING_MAX, PubmedImport } from "./pubmed-import.ts";
import { RateLimit } from "./rate-limit.ts";
import { audienceQuery, clientOf, notFound, page, publicOrigin } from "./responses.tsx";
import { SignIn } from "./sign-in.ts";

export interface AppOptions {
  store: GalenStore;
  /** Writes the answers; the extractive composer when not given. */
  composer?: Composer;
  /** Hands questions to `galen worker` processes instead of answering them in this process. */
  queue?: JobQueue;
  /** Questions each client may ask per minute (pages and API together). */
  asksPerMinute?: number;
  /** The public address, for canonical links and the sitemap (default: the request's own origin). */
  publicUrl?: string;
  /** Where NCBI_API_KEY and GALEN_EUTILS_URL are read for the onboarding import (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** Structured request and error logs (JSON lines); none when not given. */
  logger?: Logger;
}

const MAX_BODY_BYTES = 16 * 1024;

/** The web app: server-rendered pages and the JSON API over one store. */
export function createApp(options: AppOptions): Hono {
  const { store } = options;
  const versions = new ArticleVersions();
  // Rendered article pages by version and reader: reading an article is the common request.
  const pages = new RenderedPages();
  const imports = new PubmedImport(store, options.env ?? process.env);
  const signIn = new SignIn(store);
  const asks = new RateLimit(store, options.asksPerMinute ?? 20);
  const ask = options.queue ? queuedAsk(store, options.queue) : localAsk(store, options.composer);
  const app = new Hono();

  app.use(requestId());
  const logger = options.logger;
  if (logger) app.use(requestLog(logger));
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.req.path.startsWith("/api/")
          ? problem(c, 413, "Request too large", `Requests are limited to ${MAX_BODY_BYTES / 1024} KB.`)
          : c.text("Request too large", 413),
    }),
  );
  app.use("/ask", limitAsks(asks));
  app.use("/articles/:id/follow-up", limitAsks(asks));
  app.use("/api/v1/ask", limitAsks(asks));
  app.use("/api/v1/articles/:id/follow-ups", limitAsks(asks));

  app.get("/assets/galen.css", (c) =>
    c.body(STYLESHEET, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
    }),
  );

  app.get("/assets/ask.js", (c) =>
    c.body(ASK_SCRIPT, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
    }),
  );

  app.get("/", async (c) => {
    const [stats, recent] = await Promise.all([
      store.stats(),
      store.listArticles({ limit: 10, publicOnly: true }),
    ]);
    return page(c, <HomePage documents={stats.documents} recent={recent} importing={imports.status()} />);
  });

  // Onboarding only: once the corpus holds documents, imports are an administrator's job (galen ingest).
  app.post("/import", async (c) => {
    if ((await store.stats()).documents > 0) {
      return page(
        c,
        <MessagePage
          title="Import"
          paragraphs={["The corpus already holds evidence; load more with galen ingest."]}
        />,
        409,
      );
    }
    const query = String((await c.req.parseBody()).query ?? "").trim();
    if (query === "")
      return page(c, <MessagePage title="Import" paragraphs={["Type a PubMed search to import."]} />, 400);
    void imports.start(query, ONBOARDING_MAX);
    return c.redirect("/", 303);
  });

  app.post("/ask", async (c) => {
    const form = await c.req.parseBody();
    const asked = await ask(String(form.question ?? ""));
    if (asked.kind === "polite")
      return page(c, <MessagePage title="Ask a clinical question" paragraphs={[asked.text]} />);
    return c.redirect(`${articlePath(asked.article)}${audienceQuery(form.audience)}`, 303);
  });

  app.get("/articles", async (c) => {
    const text = c.req.query("q") ?? "";
    const status = statusOf(c.req.query("status"));
    const questionType = c.req.query("type") || undefined;
    const articles = await store.listArticles({
      text,
      limit: 50,
      publicOnly: true,
      ...(status ? { status } : {}),
      ...(questionType ? { questionType } : {}),
    });
    return c.html(
      <LibraryPage
        articles={articles}
        text={text}
        {...(status ? { status } : {})}
        {...(questionType ? { questionType } : {})}
      />,
    );
  });

  app.get("/documents/:id", async (c) => {
    const document = await store.getDocument(c.req.param("id"));
    if (document === undefined) return notFound(c, "There is no such document in this corpus.");
    return c.html(
      <DocumentPage
        document={EvidenceDocument.parse(document)}
        citing={(await store.articlesCiting(document.id)).filter((article) => article.status !== "rejected")}
      />,
    );
  });

  app.get("/editorial-policy", async (c) =>
    page(c, <MessagePage title="Editorial policy" paragraphs={await editorialPolicy(store)} />),
  );

  app.get("/sitemap.xml", async (c) => {
    const origin = publicOrigin(c, options.publicUrl);
    // Every article readers can read as reviewed: one whose latest approved version is public (also while a
    // revision of it is in review).
    const published = await store.listArticles({ published: true, limit: 50_000 });
    const urls = published.map(
      (article) =>
        `<url><loc>${escapeXml(`${origin}${articlePath(article)}`)}</loc><lastmod>${(article.approvedAt ?? article.updatedAt).slice(0, 10)}</lastmod></url>`,
    );
    return c.body(
      `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join("")}</urlset>\n`,
      200,
      {
        "Content-Type": "application/xml",
      },
    );
  });

  // The board's pages first: "/articles/:id/edit" and "/articles/:id/versions" are not article slugs.
  app.route("/", editorialRoutes({ store, signIn }));
  app.route(
    "/",
    articleRoutes({
      store,
      versions,
      pages,
      signIn,
      ask,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    }),
  );
  app.route("/", boardRoutes({ store, signIn }));
  app.route("/", apiRoutes({ store, versions, signIn, ask }));

  app.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? problem(c, 404, "Not found", `No route ${c.req.method} ${c.req.path}.`)
      : notFound(c, "There is no page at this address."),
  );
  app.onError((error, c) => errorResponse(error, c, logger));
  return app;
}

/** One JSON line per request: id, method, path, status and duration. */
function requestLog(logger: Logger) {
  return async (c: Context, next: () => Promise<void>) => {
    const started = performance.now();
    await next();
    logger.info({
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

function limitAsks(limit: RateLimit) {
  return async (c: Context, next: () => Promise<void>) => {
    if (c.req.method !== "POST") return next();
    const wait = await limit.take(clientOf(c));
    if (wait === 0) return next();
    c.header("Retry-After", String(wait));
    return c.req.path.startsWith("/api/")
      ? problem(
          c,
          429,
          "Too many questions",
          `This client has asked too many questions in the last minute; try again in ${wait} s.`,
        )
      : c.html(
          <MessagePage
            title="Too many questions"
            paragraphs={[`Please wait ${wait} seconds before asking again.`]}
          />,
          429,
        );
  };
}

function statusOf(value: string | undefined): ReviewStatus | undefined {
  return (REVIEW_STATUSES as readonly string[]).includes(value ?? "") ? (value as ReviewStatus) : undefined;
}

/** Problems a user can fix get their message and a 4xx; anything else a 500 without details (logged on stderr). */
function errorResponse(error: Error, c: Context, logger: Logger | undefined): Response | Promise<Response> {
  const api = c.req.path.startsWith("/api/");
  if (error instanceof ThreadNotFound)
    return api ? problem(c, 404, "Not found", error.message) : notFound(c, error.message);
  if (error instanceof JobNotDone) {
    return api
      ? problem(c, 503, "Not answered in time", error.message)
      : page(c, <MessagePage title="Not answered in time" paragraphs={[error.message]} />, 503);
  }
  if (error instanceof GalenError) {
    return api
      ? problem(c, 400, "Bad request", error.message)
      : page(c, <MessagePage title="Cannot answer that" paragraphs={[error.message]} />, 400);
  }
  if (logger) logger.error({ requestId: c.get("requestId"), path: c.req.path, err: error }, "request failed");
  else process.stderr.write(`${error.stack ?? String(error)}\n`);
  return api
    ? problem(
        c,
        500,
        "Internal error",
        "Galen failed to handle this request. The error is in the server log under this request id.",
      )
    : c.html(
        <MessagePage
          title="Something went wrong"
          paragraphs={[
            "Galen failed to handle this request. Please try again; if it keeps failing, tell whoever runs this server.",
          ]}
        />,
        500,
      );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
