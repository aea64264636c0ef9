import { Hono } from "hono";
import { Answer } from "../answer/answer.ts";
import { diffAnswers } from "../editorial/answer-diff.ts";
import {
  citingDocuments,
  EditConflict,
  type EditTarget,
  editArticle,
  editableText,
} from "../editorial/edit-article.ts";
import { EDITORIAL_POLICY_SETTING, editorialPolicy } from "../editorial/editorial-policy.ts";
import { ReviewRefused } from "../editorial/review-article.ts";
import { allowedActions, claimOf, mayEdit } from "../editorial/review-lifecycle.ts";
import { REVIEW_STATUSES, type ReviewStatus } from "../store/article-store.ts";
import type { GalenStore } from "../store/index.ts";
import { articlePath } from "./articles.ts";
import { boardAccess } from "./board-access.tsx";
import { EditPage } from "./pages/edit-page.tsx";
import { MessagePage } from "./pages/message-page.tsx";
import { PolicyEditPage } from "./pages/policy-edit-page.tsx";
import { ReviewQueuePage } from "./pages/review-queue-page.tsx";
import { VersionsPage } from "./pages/versions-page.tsx";
import { notFound, page } from "./responses.tsx";
import type { SignIn } from "./sign-in.ts";

const MAX_COMMENT = 2000;
/** Under the app's 16 KB request limit, with room for the form's other fields. */
const MAX_POLICY = 12_000;

/** The board's working pages: the review queue, edits, versions and their diffs, comments and the policy text. */
export function editorialRoutes({ store, signIn }: { store: GalenStore; signIn: SignIn }): Hono {
  const routes = new Hono();

  routes.get("/review", async (c) => {
    const access = await boardAccess(c, signIn);
    if ("refused" in access) return access.refused;
    const asked = c.req.query("status") ?? "submitted";
    const status: ReviewStatus = (REVIEW_STATUSES as readonly string[]).includes(asked)
      ? (asked as ReviewStatus)
      : "submitted";
    const specialty = c.req.query("specialty") ?? access.signedIn.account.specialty ?? "";
    const articles = await store.listArticles({
      status,
      oldestFirst: true,
      limit: 200,
      ...(specialty ? { specialty } : {}),
    });
    const accounts = await store.listAccounts();
    const nameOf = new Map(accounts.map((account) => [account.email, account.name]));
    const specialties = [
      ...new Set(accounts.flatMap((account) => (account.specialty ? [account.specialty] : []))),
    ].sort();
    c.header("Cache-Control", "private, no-store");
    return page(
      c,
      <ReviewQueuePage
        entries={articles.map((article) => {
          const claimant = article.claimedBy ? nameOf.get(article.claimedBy) : undefined;
          return {
            article,
            ...(claimant ? { claimant } : {}),
            actions: allowedActions(
              article.status,
              access.role,
              claimOf(article, access.signedIn.account.email),
            ).filter((action) => action === "claim" || action === "release"),
          };
        })}
        status={status}
        specialty={specialty}
        specialties={
          specialties.includes(specialty) || !specialty ? specialties : [...specialties, specialty]
        }
        csrfToken={access.signedIn.session.csrfToken}
        now={new Date()}
      />,
    );
  });

  routes.get("/articles/:id/edit", async (c) => {
    const access = await boardAccess(c, signIn);
    if ("refused" in access) return access.refused;
    const article = await store.getArticle(c.req.param("id"));
    if (article === undefined) return notFound(c, "There is no such article.");
    if (!mayEdit(article.status, access.role, claimOf(article, access.signedIn.account.email))) {
      return page(
        c,
        <MessagePage
          title="Not allowed"
          paragraphs={[
            article.status === "rejected"
              ? "A rejected article cannot be edited."
              : "Only an editor, or the reviewer who has claimed the article, may edit it.",
          ]}
        />,
        403,
      );
    }
    const answer = Answer.parse(article.answer);
    const target = editTarget(c.req.query("part"), answer);
    if (target === undefined) return notFound(c, "That article has no such part to edit.");
    c.header("Cache-Control", "private, no-store");
    return page(
      c,
      <EditPage
        articleId={article.id}
        articlePath={articlePath(article)}
        question={article.question}
        part={String(target)}
        heading={headingOf(answer, target)}
        basedOn={article.version}
        text={editableText(answer, target)}
        csrfToken={access.signedIn.session.csrfToken}
      />,
    );
  });

  routes.post("/articles/:id/edit", async (c) => {
    const form = await c.req.parseBody();
    const access = await boardAccess(c, signIn, form);
    if ("refused" in access) return access.refused;
    const article = await store.getArticle(c.req.param("id"));
    if (article === undefined) return notFound(c, "There is no such article.");
    const basedOn = Number(form.basedOn);
    const text = String(form.text ?? "");
    const stored = await store.getArticle(article.id, Number.isInteger(basedOn) ? basedOn : article.version);
    const answer = Answer.parse((stored ?? article).answer);
    const target = editTarget(String(form.part ?? ""), answer);
    if (target === undefined) return notFound(c, "That article has no such part to edit.");
    try {
      const saved = await editArticle(store, {
        articleId: article.id,
        actor: access.signedIn.account.email,
        basedOn,
        target,
        text,
        ...(form.note ? { note: String(form.note).slice(0, 500) } : {}),
        requestId: c.get("requestId"),
      });
      return c.redirect(articlePath(saved), 303);
    } catch (error) {
      if (!(error instanceof ReviewRefused)) throw error;
      const latest =
        error instanceof EditConflict ? await store.getArticle(article.id, error.latestVersion) : undefined;
      const conflict =
        error instanceof EditConflict && latest !== undefined
          ? {
              basedOn: error.basedOn,
              latest: latest.version,
              diff: diffAnswers(answer, Answer.parse(latest.answer)),
            }
          : undefined;
      c.header("Cache-Control", "private, no-store");
      return page(
        c,
        <EditPage
          articleId={article.id}
          articlePath={articlePath(article)}
          question={article.question}
          part={String(target)}
          heading={headingOf(answer, target)}
          basedOn={conflict ? conflict.latest : basedOn}
          text={conflict ? citingDocuments(text, answer) : text}
          csrfToken={access.signedIn.session.csrfToken}
          problem={error.message}
          {...(conflict ? { conflict } : {})}
        />,
        error.status,
      );
    }
  });

  routes.get("/articles/:id/versions", async (c) => {
    const access = await boardAccess(c, signIn);
    if ("refused" in access) return access.refused;
    const article = await store.articleSummary(c.req.param("id"));
    if (article === undefined) return notFound(c, "There is no such article.");
    const versions = await store.articleVersions(article.id);
    const to = versionNumber(c.req.query("to"), article.latestVersion) ?? article.latestVersion;
    const from = versionNumber(c.req.query("from"), article.latestVersion) ?? Math.max(1, to - 1);
    const [before, after] = await Promise.all([
      store.getArticle(article.id, from),
      store.getArticle(article.id, to),
    ]);
    if (before === undefined || after === undefined) return notFound(c, "There is no such version.");
    c.header("Cache-Control", "private, no-store");
    return page(
      c,
      <VersionsPage
        article={article}
        articlePath={articlePath(article)}
        versions={versions}
        from={from}
        to={to}
        diff={diffAnswers(Answer.parse(before.answer), Answer.parse(after.answer))}
      />,
    );
  });

  routes.post("/articles/:id/comments", async (c) => {
    const form = await c.req.parseBody();
    const access = await boardAccess(c, signIn, form);
    if ("refused" in access) return access.refused;
    const article = await store.articleSummary(c.req.param("id"));
    if (article === undefined) return notFound(c, "There is no such article.");
    const body = String(form.body ?? "").trim();
    const anchor = String(form.anchor ?? "article");
    if (
      body === "" ||
      body.length > MAX_COMMENT ||
      !/^(article|bottom-line|section:\d+|statement:[\w.]+)$/.test(anchor)
    ) {
      return page(
        c,
        <MessagePage
          title="The comment was not saved"
          paragraphs={[`Write a comment of 1 to ${MAX_COMMENT} characters on a part of the article.`]}
        />,
        400,
      );
    }
    const comment = await store.addReviewComment({
      articleId: article.id,
      version: versionNumber(String(form.version ?? ""), article.latestVersion) ?? article.latestVersion,
      anchor,
      author: access.signedIn.account.name,
      body,
    });
    await store.appendAudit({
      actor: access.signedIn.account.email,
      action: "article.comment",
      target: `article:${article.id}`,
      details: { comment: comment.id, anchor },
      requestId: c.get("requestId"),
    });
    return c.redirect(`${articlePath(article)}#review`, 303);
  });

  routes.post("/articles/:id/comments/:comment/resolve", async (c) => {
    const form = await c.req.parseBody();
    const access = await boardAccess(c, signIn, form);
    if ("refused" in access) return access.refused;
    const article = await store.articleSummary(c.req.param("id"));
    const resolve = form.resolved !== "no";
    const comment =
      article &&
      (await store.resolveReviewComment(
        article.id,
        Number(c.req.param("comment")),
        resolve ? access.signedIn.account.name : undefined,
      ));
    if (article === undefined || comment === undefined) return notFound(c, "There is no such comment.");
    await store.appendAudit({
      actor: access.signedIn.account.email,
      action: resolve ? "article.comment-resolve" : "article.comment-reopen",
      target: `article:${article.id}`,
      details: { comment: comment.id },
      requestId: c.get("requestId"),
    });
    return c.redirect(`${articlePath(article)}#review`, 303);
  });

  routes.post("/articles/:id/specialty", async (c) => {
    const form = await c.req.parseBody();
    const access = await boardAccess(c, signIn, form, (role) => role === "editor" || role === "admin");
    if ("refused" in access) return access.refused;
    const specialty = String(form.specialty ?? "")
      .trim()
      .slice(0, 80);
    const article = await store.setArticleSpecialty(c.req.param("id"), specialty || undefined);
    if (article === undefined) return notFound(c, "There is no such article.");
    await store.appendAudit({
      actor: access.signedIn.account.email,
      action: "article.file",
      target: `article:${article.id}`,
      details: { specialty: specialty || null },
      requestId: c.get("requestId"),
    });
    return c.redirect(`${articlePath(article)}#review`, 303);
  });

  routes.get("/admin/editorial-policy", async (c) => {
    const access = await boardAccess(c, signIn, undefined, (role) => role === "admin");
    if ("refused" in access) return access.refused;
    c.header("Cache-Control", "private, no-store");
    return page(
      c,
      <PolicyEditPage
        text={(await editorialPolicy(store)).join("\n\n")}
        csrfToken={access.signedIn.session.csrfToken}
      />,
    );
  });

  routes.post("/admin/editorial-policy", async (c) => {
    const form = await c.req.parseBody();
    const access = await boardAccess(c, signIn, form, (role) => role === "admin");
    if ("refused" in access) return access.refused;
    const text = String(form.text ?? "").trim();
    if (text === "" || text.length > MAX_POLICY) {
      return page(
        c,
        <PolicyEditPage
          text={text}
          csrfToken={access.signedIn.session.csrfToken}
          problem={`Write the policy in 1 to ${MAX_POLICY.toLocaleString("en")} characters; blank lines separate paragraphs.`}
        />,
        400,
      );
    }
    await store.setSetting(EDITORIAL_POLICY_SETTING, text);
    await store.appendAudit({
      actor: access.signedIn.account.email,
      action: "policy.edit",
      target: "setting:editorial-policy",
      details: { characters: text.length },
      requestId: c.get("requestId"),
    });
    return c.redirect("/editorial-policy", 303);
  });

  return routes;
}

/** The part of the answer the form names: "bottom-line" or a section's position; undefined when there is none. */
function editTarget(part: string | undefined, answer: Answer): EditTarget | undefined {
  if (part === "bottom-line") return part;
  const index = Number(part);
  return Number.isInteger(index) && index >= 0 && index < answer.sections.length ? index : undefined;
}

function headingOf(answer: Answer, target: EditTarget): string {
  return target === "bottom-line" ? "Bottom line" : (answer.sections[target]?.heading ?? "Section");
}

function versionNumber(value: string | undefined, latest: number): number | undefined {
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 && number <= latest ? number : undefined;
}
