import { type Context, Hono } from "hono";
import { exportReferences, type ReferenceFormat } from "../answer/references.ts";
import { renderMarkdown } from "../answer/render-markdown.ts";
import { READERS, type Reader } from "../audience/reader-profiles.ts";
import { publicArticle, publicVersion } from "../editorial/public-version.ts";
import { allowedActions, claimOf, isBoard, mayEdit, roleOf } from "../editorial/review-lifecycle.ts";
import type { GalenStore, ReviewComment } from "../store/index.ts";
import { type ArticleVersions, articlePath, type RenderedPages } from "./articles.ts";
import type { Ask } from "./asker.ts";
import { ArticlePage } from "./pages/article-page.tsx";
import { MessagePage } from "./pages/message-page.tsx";
import { answerAnchors, ReviewPanel } from "./pages/review-panel.tsx";
import { audienceQuery, notFound, page, pageHtml, publicOrigin } from "./responses.tsx";
import type { SignIn } from "./sign-in.ts";

export interface ArticleRouteOptions {
  store: GalenStore;
  versions: ArticleVersions;
  pages: RenderedPages;
  signIn: SignIn;
  ask: Ask;
  publicUrl?: string;
}

const AUDIENCE_COOKIE = "galen_audience";

/** An article's page (per reader, cached; with the review panel for a signed-in board member), exports and follow-ups. */
export function articleRoutes({ store, versions, pages, signIn, ask, publicUrl }: ArticleRouteOptions): Hono {
  const routes = new Hono();

  routes.get("/articles/:id/:slug?", async (c) => {
    const article = await store.articleSummary(c.req.param("id"));
    const reviewer = await signIn.current(c);
    const role = reviewer ? roleOf(reviewer.account) : "reader";
    if (article === undefined || (article.status === "rejected" && !isBoard(role)))
      return notFound(c, "There is no such article.");
    const path = articlePath(article);
    if (c.req.param("slug") !== article.slug) return c.redirect(path, 301);
    const reader = chosenReader(c);
    if (reviewer !== undefined && isBoard(role)) {
      // A board member reads the latest version (or the one asked for) with their review panel and CSRF token:
      // rendered for them, never cached.
      const asked = Number(c.req.query("version"));
      const whole = await store.getArticle(
        article.id,
        Number.isInteger(asked) && asked > 0 ? asked : undefined,
      );
      if (whole === undefined) return notFound(c, "There is no such version of this article.");
      const answer = versions.version(whole, reader);
      const claim = claimOf(article, reviewer.account.email);
      const comments = await store.reviewComments(article.id);
      const review = (
        <ReviewPanel
          articleId={article.id}
          name={reviewer.account.name}
          role={role}
          csrfToken={reviewer.session.csrfToken}
          actions={allowedActions(article.status, role, claim)}
          version={whole.version}
          latestVersion={article.latestVersion}
          {...(article.approvedVersion ? { approvedVersion: article.approvedVersion } : {})}
          canEdit={mayEdit(article.status, role, claim)}
          anchors={answerAnchors(versions.version(whole, "physician"))}
          comments={comments}
          commentLabels={await commentLabels(store, versions, article.id, comments)}
          {...(article.newEvidence ? { newEvidence: article.newEvidence } : {})}
          {...(role === "editor" || role === "admin"
            ? { filing: article.specialty ? { specialty: article.specialty } : {} }
            : {})}
        />
      );
      c.header("Cache-Control", "private, no-store");
      return page(
        c,
        <ArticlePage article={whole} answer={answer} reader={reader} path={path} review={review} />,
      );
    }
    const shown = publicVersion(article);
    const canonical =
      article.approvedVersion !== undefined ? `${publicOrigin(c, publicUrl)}${path}` : undefined;
    const html = await pages.get(
      `${article.id}:${article.updatedAt}:${reader}:${canonical ?? ""}`,
      async () => {
        const whole = await store.getArticle(article.id, shown);
        if (whole === undefined) return undefined;
        return pageHtml(
          <ArticlePage
            article={whole}
            answer={versions.version(whole, reader)}
            reader={reader}
            path={path}
            {...(canonical ? { canonical } : {})}
          />,
        );
      },
    );
    return html === undefined ? notFound(c, "There is no such article.") : c.html(html);
  });

  routes.get("/articles/:id/export/:format", async (c) => {
    const article = await publicArticle(store, c.req.param("id"));
    const format = EXPORTS[c.req.param("format")];
    if (article === undefined || format === undefined) return notFound(c, "There is no such export.");
    const answer = versions.version(article, chosenReader(c));
    const body =
      format.kind === "md"
        ? renderMarkdown(answer)
        : exportReferences(await citedDocuments(store, answer), format.kind);
    return c.body(body, 200, {
      "Content-Type": `${format.type}; charset=utf-8`,
      "Content-Disposition": `attachment; filename="${article.slug.slice(0, 60)}.${format.extension}"`,
    });
  });

  routes.post("/articles/:id/follow-up", async (c) => {
    const article = await store.articleSummary(c.req.param("id"));
    if (article === undefined || article.status === "rejected")
      return notFound(c, "There is no such article.");
    const form = await c.req.parseBody();
    const asked = await ask(
      String(form.question ?? ""),
      article.threadId ? { threadId: article.threadId } : {},
    );
    if (asked.kind === "polite")
      return page(c, <MessagePage title="Have a follow-up question?" paragraphs={[asked.text]} />);
    return c.redirect(`${articlePath(asked.article)}${audienceQuery(form.audience)}`, 303);
  });

  return routes;
}

/** Each comment's anchor named from the version it was written on: positions move when statements are re-ordered. */
async function commentLabels(
  store: GalenStore,
  versions: ArticleVersions,
  articleId: string,
  comments: readonly ReviewComment[],
): Promise<Map<number, string>> {
  const anchorsOf = new Map<number, Map<string, string>>();
  for (const version of new Set(comments.map((comment) => comment.version))) {
    const stored = await store.getArticle(articleId, version);
    if (stored === undefined) continue;
    const anchors = answerAnchors(versions.version(stored, "physician"));
    anchorsOf.set(version, new Map(anchors.map((anchor) => [anchor.value, anchor.label])));
  }
  return new Map(
    comments.map((comment) => [
      comment.id,
      `${anchorsOf.get(comment.version)?.get(comment.anchor) ?? comment.anchor}`,
    ]),
  );
}

/** The reader asked for in the query (remembered in a cookie), else the one remembered, else physician. */
function chosenReader(c: Context): Reader {
  const asked = c.req.query("audience");
  if (asked && (READERS as readonly string[]).includes(asked)) {
    c.header("Set-Cookie", `${AUDIENCE_COOKIE}=${asked}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly`);
    return asked as Reader;
  }
  const remembered = /(?:^|;\s*)galen_audience=(\w+)/.exec(c.req.header("Cookie") ?? "")?.[1];
  return remembered && (READERS as readonly string[]).includes(remembered)
    ? (remembered as Reader)
    : "physician";
}

/** Downloads of an article: the answer as Markdown, its references for reference managers. */
const EXPORTS: Record<string, { kind: "md" | ReferenceFormat; type: string; extension: string }> = {
  md: { kind: "md", type: "text/markdown", extension: "md" },
  ris: { kind: "ris", type: "application/x-research-info-systems", extension: "ris" },
  bibtex: { kind: "bibtex", type: "application/x-bibtex", extension: "bib" },
  "csl-json": { kind: "csl-json", type: "application/vnd.citationstyles.csl+json", extension: "json" },
};

async function citedDocuments(store: GalenStore, answer: { references: ReadonlyArray<{ id: string }> }) {
  const documents = await Promise.all(answer.references.map((reference) => store.getDocument(reference.id)));
  return documents.flatMap((document) => (document ? [document] : []));
}
