import { GalenError } from "../galen-error.ts";
import type { ArticleSummary } from "../store/article-store.ts";
import type { GalenStore } from "../store/galen-store.ts";
import { claimOf, type ReviewAction, reviewTransition, roleOf } from "./review-lifecycle.ts";

/** A review action or edit that cannot be taken: bad input (400), who may not act (403), what cannot happen now (409). */
export class ReviewRefused extends GalenError {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409,
    readonly allowedActions: readonly ReviewAction[] = [],
  ) {
    super(message);
  }
}

/** How a reviewer is named on what they approve: "Ann Reviewer, MD (orthopaedics)". */
export function reviewerLabel(account: { name: string; credentials?: string; specialty?: string }): string {
  return `${account.name}${account.credentials ? `, ${account.credentials}` : ""}${account.specialty ? ` (${account.specialty})` : ""}`;
}

/** The active account acting and the article it acts on, or why there is none. */
export async function actorAndArticle(store: GalenStore, actor: string, articleId: string) {
  const account = await store.findAccount(actor);
  if (account === undefined || account.disabled) {
    throw new ReviewRefused(`There is no active account ${actor}. See galen user list.`, 403);
  }
  const article = await store.articleSummary(articleId);
  if (article === undefined) throw new ReviewRefused(`There is no article ${articleId}.`, 404);
  return { account, role: roleOf(account), claim: claimOf(article, account.email), article };
}

/**
 * Takes a review action on an article as a named account: the lifecycle decides whether it may happen, the store
 * applies it only if nobody acted first (and, for an approval, only to the version the reviewer read), and the
 * audit log records it.
 */
export async function reviewArticle(
  store: GalenStore,
  request: {
    articleId: string;
    action: ReviewAction;
    actor: string;
    /** The version the reviewer read: an approval of an older one is refused. */
    version?: number;
    requestId?: string;
    note?: string;
  },
): Promise<ArticleSummary> {
  const { account, role, claim, article } = await actorAndArticle(store, request.actor, request.articleId);
  const outcome = reviewTransition(article.status, request.action, role, claim);
  if (!outcome.allowed) {
    throw new ReviewRefused(
      outcome.message,
      outcome.reason === "forbidden" ? 403 : 409,
      outcome.allowedActions,
    );
  }
  if (
    request.action === "approve" &&
    request.version !== undefined &&
    request.version !== article.latestVersion
  ) {
    throw new ReviewRefused(
      `You read version ${request.version}, but version ${article.latestVersion} has been saved since. Read it before approving.`,
      409,
    );
  }
  const changed = await store.changeArticleStatus(article.id, article.status, outcome.to, {
    ...(request.action === "claim" ? { claimedBy: account.email } : {}),
    ...(["release", "approve", "request-changes", "reject"].includes(request.action)
      ? { claimedBy: null }
      : {}),
    ...(request.action === "approve"
      ? { approveVersion: article.latestVersion, reviewedBy: reviewerLabel(account) }
      : {}),
  });
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
    details: {
      from: article.status,
      to: outcome.to,
      version: article.latestVersion,
      ...(request.note ? { note: request.note } : {}),
    },
    ...(request.requestId ? { requestId: request.requestId } : {}),
  });
  return changed;
}
