import type { ReviewStatus } from "../store/article-store.ts";

/** What people do to an article in review. */
export const REVIEW_ACTIONS = [
  "claim",
  "release",
  "approve",
  "request-changes",
  "reject",
  "resubmit",
] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** Who may act: reviewers sit on the advisory board; editors run it; admins can do what editors can. */
export const ROLES = ["reader", "clinician", "reviewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

interface Transition {
  from: readonly ReviewStatus[];
  to: ReviewStatus;
  roles: readonly Role[];
}

const BOARD: readonly Role[] = ["reviewer", "editor", "admin"];
const EDITORS: readonly Role[] = ["editor", "admin"];

/**
 * The article lifecycle, in one place: Submitted → Under Review (claimed) → Approved, Changes Requested or Rejected;
 * a revised article goes back to Submitted. Anything else is an illegal transition.
 */
const TRANSITIONS: Record<ReviewAction, Transition> = {
  claim: { from: ["submitted"], to: "under-review", roles: BOARD },
  release: { from: ["under-review"], to: "submitted", roles: BOARD },
  approve: { from: ["under-review"], to: "approved", roles: BOARD },
  "request-changes": { from: ["under-review"], to: "changes-requested", roles: BOARD },
  reject: { from: ["under-review"], to: "rejected", roles: BOARD },
  resubmit: { from: ["changes-requested", "approved"], to: "submitted", roles: EDITORS },
};

export type TransitionOutcome =
  | { allowed: true; to: ReviewStatus }
  | { allowed: false; reason: "forbidden" | "illegal"; message: string; allowedActions: ReviewAction[] };

/** Whose claim an article under review is under, seen from the person acting. */
export type Claim = "yours" | "theirs" | "none";

/** Actions on a claimed article that only its claimant (or an editor) may take. */
const CLAIMANT_ONLY: readonly ReviewAction[] = ["release", "approve", "request-changes", "reject"];

/** The actions a role may take on an article in this status; a reviewer acts only on what they claimed. */
export function allowedActions(status: ReviewStatus, role: Role, claim: Claim = "none"): ReviewAction[] {
  return REVIEW_ACTIONS.filter((action) => {
    const transition = TRANSITIONS[action];
    return (
      transition.from.includes(status) && transition.roles.includes(role) && claimPermits(action, role, claim)
    );
  });
}

function claimPermits(action: ReviewAction, role: Role, claim: Claim): boolean {
  return claim !== "theirs" || EDITORS.includes(role) || !CLAIMANT_ONLY.includes(action);
}

/** Whether a role may take an action on an article in a status, and where it leads; or why not, and what may be done. */
export function reviewTransition(
  status: ReviewStatus,
  action: ReviewAction,
  role: Role,
  claim: Claim = "none",
): TransitionOutcome {
  const transition = TRANSITIONS[action];
  const allowed = allowedActions(status, role, claim);
  if (!transition.roles.includes(role)) {
    return {
      allowed: false,
      reason: "forbidden",
      message: `A ${role} may not ${action} articles; that needs the role ${transition.roles.join(" or ")}.`,
      allowedActions: allowed,
    };
  }
  if (!transition.from.includes(status)) {
    return {
      allowed: false,
      reason: "illegal",
      message: `An article that is ${status} cannot be ${PAST[action]}. Allowed now: ${allowed.join(", ") || "nothing"}.`,
      allowedActions: allowed,
    };
  }
  if (!claimPermits(action, role, claim)) {
    return {
      allowed: false,
      reason: "forbidden",
      message: `Another reviewer has claimed this article; only they or an editor may ${action} it.`,
      allowedActions: allowed,
    };
  }
  return { allowed: true, to: transition.to };
}

/**
 * Who may edit an article's content: editors and admins at any stage but rejection; a reviewer while the article
 * is under their own claim. An edit of an approved article sends it back for review.
 */
export function mayEdit(status: ReviewStatus, role: Role, claim: Claim): boolean {
  if (status === "rejected") return false;
  if (EDITORS.includes(role)) return true;
  return role === "reviewer" && status === "under-review" && claim === "yours";
}

/** The status an article takes when its content is edited. */
export function statusAfterEdit(status: ReviewStatus): ReviewStatus {
  return status === "approved" ? "submitted" : status;
}

/** The role an account's stored role names; anything unknown is a reader. */
export function roleOf(account: { role: string }): Role {
  return (ROLES as readonly string[]).includes(account.role) ? (account.role as Role) : "reader";
}

/** Whether a role sits on (or runs) the advisory board: the people who see drafts, versions and comments. */
export function isBoard(role: Role): boolean {
  return BOARD.includes(role);
}

/** How the acting account stands to an article's claim. */
export function claimOf(article: { claimedBy?: string }, email: string): Claim {
  if (article.claimedBy === undefined) return "none";
  return article.claimedBy === email ? "yours" : "theirs";
}

const PAST: Record<ReviewAction, string> = {
  claim: "claimed",
  release: "released",
  approve: "approved",
  "request-changes": "sent back for changes",
  reject: "rejected",
  resubmit: "resubmitted",
};
