import type { ReviewAction } from "../../editorial/review-lifecycle.ts";

const ACTION_LABELS: Record<ReviewAction, string> = {
  claim: "Claim for review",
  release: "Release",
  approve: "Approve",
  "request-changes": "Request changes",
  reject: "Reject",
  resubmit: "Resubmit",
};

export interface ReviewPanelProps {
  articleId: string;
  name: string;
  role: string;
  csrfToken: string;
  actions: readonly ReviewAction[];
}

/** For a signed-in board member: the review actions this article allows them, each a form with the CSRF token. */
export function ReviewPanel({ articleId, name, role, csrfToken, actions }: ReviewPanelProps) {
  return (
    <section class="no-print onboarding" aria-labelledby="review">
      <h2 id="review">Review</h2>
      <p class="meta">
        Signed in as {name} ({role}).{" "}
      </p>
      {actions.length === 0 ? <p class="meta">No review action is open to you on this article now.</p> : null}
      <div class="inline">
        {actions.map((action) => (
          <form method="post" action={`/articles/${articleId}/review`}>
            <input type="hidden" name="csrf" value={csrfToken} />
            <input type="hidden" name="action" value={action} />
            <button type="submit">{ACTION_LABELS[action]}</button>
          </form>
        ))}
        <form method="post" action="/logout">
          <input type="hidden" name="csrf" value={csrfToken} />
          <button class="link" type="submit">
            Sign out
          </button>
        </form>
      </div>
    </section>
  );
}
