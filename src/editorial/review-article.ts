import { GalenError } from "../galen-error.ts";
import type { ArticleSummary } from "../store/article-store.ts";
import type { GalenStore } from "../store/galen-store.ts";
import { type ReviewAction, ROLES, type Role, reviewTransition } from "./review-lifecycle.ts";

/** A review action that cannot be taken: who may not act (403), or what cannot happen now (409). */
export class ReviewRefused extends GalenError {
  constructor(
    message: string,
    readonly status: 403 | 404 | 409,
    readonly allowedActions: readonly ReviewAction[] = [],
  ) {
    super(message);
  }
}

/** How a reviewer is named on what they approve: "Ann Reviewer, MD (orthopaedics)". */
export function reviewerLabel(account: { name: string; credentials?: string; specialty?: string }): string {
  return `${account.name}${account.credentials ? `, ${account.credentials}` : ""}${account.specialty ? ` (${account.specialty})` : ""}`;
}

/**
 * Takes a review action on an article as a named account: the lifecycle decides whether it may happen, the store
 * applies it only if nobody acted first, and the audit log records it.
 */
export async function reviewArticle(
  store: GalenStore,
  request: { articleId: string; action: ReviewAction; actor: string; requestId?: string; note?: string },
): Promise<ArticleSummary> {
  const account = await store.findAccount(request.actor);
  if (account === undefined || account.disabled) {
    throw new ReviewRefused(`There is no active account ${request.actor}. See galen user list.`, 403);
  }
  const article = await store.articleSummary(request.articleId);
  if (article === undefined) throw new ReviewRefused(`There is no article ${request.articleId}.`, 404);
  const role = (ROLES as readonly string[]).includes(account.role) ? (account.role as Role) : "reader";
  const outcome = reviewTransition(article.status, request.action, role);
  if (!outcome.allowed) {
    throw new ReviewRefused(
      outcome.message,
      outcome.reason === "forbidden" ? 403 : 409,
      outcome.allowedActions,
    );
  }
  const changed = await store.changeArticleStatus(
    article.id,
    article.status,
    outcome.to,
    reviewerLabel(account),
  );
  if (changed === undefined) {
    throw new ReviewRefused(
      `Article ${article.id} changed while you were acting on it; reload it and try again.`,
      409,
    );
  }
  await store.appendAudit({
    actor: account.email,
    action: `article.${request.action}`,
    target: `article:${article.id}`,
    details: { from: article.status, to: outcome.to, ...(request.note ? { note: request.note } : {}) },
    ...(request.requestId ? { requestId: request.requestId } : {}),
  });
  return changed;
}
