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

/** The actions a role may take on an article in this status. */
export function allowedActions(status: ReviewStatus, role: Role): ReviewAction[] {
  return REVIEW_ACTIONS.filter((action) => {
    const transition = TRANSITIONS[action];
    return transition.from.includes(status) && transition.roles.includes(role);
  });
}

/** Whether a role may take an action on an article in a status, and where it leads; or why not, and what may be done. */
export function reviewTransition(status: ReviewStatus, action: ReviewAction, role: Role): TransitionOutcome {
  const transition = TRANSITIONS[action];
  const allowed = allowedActions(status, role);
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
  return { allowed: true, to: transition.to };
}

const PAST: Record<ReviewAction, string> = {
  claim: "claimed",
  release: "released",
  approve: "approved",
  "request-changes": "sent back for changes",
  reject: "rejected",
  resubmit: "resubmitted",
};
