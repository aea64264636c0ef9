import type { ReviewAction } from "../../editorial/review-lifecycle.ts";
import { type ArticleSummary, REVIEW_STATUSES, type ReviewStatus } from "../../store/article-store.ts";
import { articlePath, STATUS_LABELS } from "../articles.ts";
import { Layout } from "./layout.tsx";

export interface QueueEntry {
  article: ArticleSummary;
  /** Who has claimed it, by name. */
  claimant?: string;
  /** Claim or release, when this board member may. */
  actions: readonly ReviewAction[];
}

export interface ReviewQueuePageProps {
  entries: readonly QueueEntry[];
  status: ReviewStatus;
  specialty: string;
  specialties: readonly string[];
  csrfToken: string;
  now: Date;
}

/** The board's queue: articles by status, oldest first, with their age, claimant and flagged statements. */
export function ReviewQueuePage({
  entries,
  status,
  specialty,
  specialties,
  csrfToken,
  now,
}: ReviewQueuePageProps) {
  return (
    <Layout title="Review queue">
      <h1>Review queue</h1>
      <form class="inline" method="get" action="/review">
        <label for="status">Status</label>
        <select id="status" name="status">
          {REVIEW_STATUSES.map((value) => (
            <option value={value} selected={value === status}>
              {STATUS_LABELS[value]}
            </option>
          ))}
        </select>
        <label for="specialty">Specialty</label>
        <select id="specialty" name="specialty">
          <option value="">Any</option>
          {specialties.map((value) => (
            <option value={value} selected={value === specialty}>
              {value}
            </option>
          ))}
        </select>
        <button type="submit">Show</button>
      </form>
      {entries.length === 0 ? <p class="meta">Nothing is waiting here.</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">Waiting</th>
            <th scope="col">Specialty</th>
            <th scope="col">Flagged</th>
            <th scope="col">Claimed by</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(({ article, claimant, actions }) => (
            <tr>
              <td>
                <a href={articlePath(article)}>{article.question}</a>
                {article.newEvidence ? <span class="level">new evidence</span> : null}
                {article.approvedVersion ? <span class="level">re-review</span> : null}
              </td>
              <td>{age(article.updatedAt, now)}</td>
              <td>{article.specialty ?? "—"}</td>
              <td>{String(article.flaggedStatements)}</td>
              <td>{claimant ?? "—"}</td>
              <td>
                {actions.map((action) => (
                  <form class="inline" method="post" action={`/articles/${article.id}/review`}>
                    <input type="hidden" name="csrf" value={csrfToken} />
                    <input type="hidden" name="action" value={action} />
                    <input type="hidden" name="next" value="/review" />
                    <button class="link" type="submit">
                      {action === "claim" ? "Claim" : "Release"}
                    </button>
                  </form>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

/** "3 days", "5 hours", "12 minutes": how long an article has waited in its status. */
export function age(since: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 60_000));
  const [amount, unit] =
    minutes >= 2880
      ? [Math.floor(minutes / 1440), "days"]
      : minutes >= 120
        ? [Math.floor(minutes / 60), "hours"]
        : [minutes, "minutes"];
  return `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
}
