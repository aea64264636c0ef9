import type { Answer } from "../../answer/answer.ts";
import type { ReviewAction } from "../../editorial/review-lifecycle.ts";
import type { NewEvidence, ReviewComment } from "../../store/article-store.ts";

const ACTION_LABELS: Record<ReviewAction, string> = {
  claim: "Claim for review",
  release: "Release",
  approve: "Approve",
  "request-changes": "Request changes",
  reject: "Reject",
  resubmit: "Resubmit",
};

/** A part of the answer a comment can be anchored to, or an edit can change. */
export interface AnswerAnchor {
  /** "article", "bottom-line", "section:2" or "statement:2.0.1". */
  value: string;
  label: string;
  /** The value the edit form takes ("bottom-line" or a section's position) when the part can be edited whole. */
  editPart?: string;
}

export interface ReviewPanelProps {
  articleId: string;
  name: string;
  role: string;
  csrfToken: string;
  actions: readonly ReviewAction[];
  version: number;
  latestVersion: number;
  approvedVersion?: number;
  canEdit: boolean;
  anchors: readonly AnswerAnchor[];
  comments: readonly ReviewComment[];
  /** What each comment is about, named from the version it was written on (positions move between versions). */
  commentLabels: ReadonlyMap<number, string>;
  newEvidence?: NewEvidence;
  /** For editors: the specialty the article is filed under, which they may change. */
  filing?: { specialty?: string };
}

/**
 * For a signed-in board member: which version this is, the review actions open to them (each a form with the CSRF
 * token), edits, versions, new evidence and the review comments.
 */
export function ReviewPanel(props: ReviewPanelProps) {
  const { articleId, csrfToken } = props;
  return (
    <section class="no-print onboarding" aria-labelledby="review">
      <h2 id="review">Review</h2>
      <p class="meta">
        Signed in as {props.name} ({props.role}). Version {String(props.version)} of{" "}
        {String(props.latestVersion)}
        {props.approvedVersion
          ? `; version ${props.approvedVersion} is approved and is what readers see`
          : "; no version is approved yet"}
        . <a href={`/articles/${articleId}/versions`}>Versions and changes</a> ·{" "}
        <a href="/review">Review queue</a>
      </p>
      {props.newEvidence ? <NewEvidenceList evidence={props.newEvidence} /> : null}
      {props.actions.length === 0 ? (
        <p class="meta">No review action is open to you on this article now.</p>
      ) : null}
      <div class="inline">
        {props.actions.map((action) => (
          <form method="post" action={`/articles/${articleId}/review`}>
            <input type="hidden" name="csrf" value={csrfToken} />
            <input type="hidden" name="action" value={action} />
            <input type="hidden" name="version" value={String(props.version)} />
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
      {props.canEdit && props.version === props.latestVersion ? (
        <p>
          Edit:{" "}
          {props.anchors
            .filter((anchor) => anchor.editPart !== undefined)
            .map((anchor, index) => (
              <>
                {index > 0 ? " · " : ""}
                <a href={`/articles/${articleId}/edit?part=${anchor.editPart}`}>{anchor.label}</a>
              </>
            ))}
        </p>
      ) : null}
      {props.filing ? (
        <form class="inline" method="post" action={`/articles/${articleId}/specialty`}>
          <input type="hidden" name="csrf" value={csrfToken} />
          <label for="specialty">Specialty for reviewers' queues</label>
          <input id="specialty" name="specialty" value={props.filing.specialty ?? ""} maxlength={80} />
          <button type="submit">File</button>
        </form>
      ) : null}
      <h3>Comments</h3>
      {props.comments.length === 0 ? <p class="meta">No comments yet.</p> : null}
      <ul class="plain">
        {props.comments.map((comment) => (
          <li>
            <p>
              <strong>{props.commentLabels.get(comment.id) ?? comment.anchor}</strong> · {comment.author} ·
              version {String(comment.version)}
              {comment.resolvedBy ? ` · resolved by ${comment.resolvedBy}` : ""}
            </p>
            <blockquote>{comment.body}</blockquote>
            <form method="post" action={`/articles/${articleId}/comments/${comment.id}/resolve`}>
              <input type="hidden" name="csrf" value={csrfToken} />
              <input type="hidden" name="resolved" value={comment.resolvedBy ? "no" : "yes"} />
              <button class="link" type="submit">
                {comment.resolvedBy ? "Reopen" : "Resolve"}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form class="ask" method="post" action={`/articles/${articleId}/comments`}>
        <input type="hidden" name="csrf" value={csrfToken} />
        <input type="hidden" name="version" value={String(props.version)} />
        <label for="anchor">Comment on</label>
        <select id="anchor" name="anchor">
          {props.anchors.map((anchor) => (
            <option value={anchor.value}>{anchor.label}</option>
          ))}
        </select>
        <label for="comment">Comment</label>
        <textarea id="comment" name="body" required maxlength={2000} />
        <button type="submit">Add comment</button>
      </form>
    </section>
  );
}

function NewEvidenceList({ evidence }: { evidence: NewEvidence }) {
  return (
    <div class="banner" role="note">
      <p>New evidence since approval (found {evidence.foundAt.slice(0, 10)}):</p>
      <ul>
        {evidence.documents.map((document) => (
          <li>
            <a href={`/documents/${encodeURIComponent(document.id)}`}>{document.title}</a> (rank{" "}
            {String(document.rank)} for the question)
          </li>
        ))}
        {evidence.retracted.map((id) => (
          <li>
            Cited source <a href={`/documents/${encodeURIComponent(id)}`}>{id}</a> has been retracted.
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The parts of an answer a comment can be about: the whole, the bottom line, each section and each statement. */
export function answerAnchors(answer: Answer): AnswerAnchor[] {
  const clip = (text: string) => (text.length > 50 ? `${text.slice(0, 47)}…` : text);
  return [
    { value: "article", label: "The whole article" },
    { value: "bottom-line", label: "Bottom line", editPart: "bottom-line" },
    ...answer.bottomLine.map((statement, index) => ({
      value: `statement:b.${index}`,
      label: `Bottom line: “${clip(statement.text)}”`,
    })),
    ...answer.sections.flatMap((section, sectionIndex) => [
      { value: `section:${sectionIndex}`, label: section.heading, editPart: String(sectionIndex) },
      ...section.items.flatMap((item, itemIndex) =>
        item.statements.map((statement, statementIndex) => ({
          value: `statement:${sectionIndex}.${itemIndex}.${statementIndex}`,
          label: `${section.heading}: “${clip(statement.text)}”`,
        })),
      ),
    ]),
  ];
}
