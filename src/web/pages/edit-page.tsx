import type { AnswerDiff } from "../../editorial/answer-diff.ts";
import { DiffView } from "./diff-view.tsx";
import { Layout } from "./layout.tsx";

export interface EditPageProps {
  articleId: string;
  articlePath: string;
  question: string;
  /** "bottom-line" or a section's position. */
  part: string;
  heading: string;
  basedOn: number;
  text: string;
  csrfToken: string;
  /** Why the last save failed, and (after a conflict) what changed meanwhile. */
  problem?: string;
  conflict?: { diff: AnswerDiff; basedOn: number; latest: number };
}

/** Edit one part of an article: one statement a line, each ending with its citations. */
export function EditPage(props: EditPageProps) {
  return (
    <Layout title={`Edit: ${props.heading}`}>
      <p class="meta">
        <a href={props.articlePath}>{props.question}</a>
      </p>
      <h1>Edit: {props.heading}</h1>
      {props.problem ? (
        <p class="banner" role="alert">
          {props.problem}
        </p>
      ) : null}
      {props.conflict ? (
        <DiffView
          diff={props.conflict.diff}
          before={`Version ${props.conflict.basedOn} (you edited)`}
          after={`Version ${props.conflict.latest} (saved meanwhile)`}
        />
      ) : null}
      <p class="meta">
        One statement a line, each ending with the sources it cites: a reference number of this article such
        as [2], or a document in the corpus by its id such as [pubmed:12345]. Lines that begin with “## ”
        label a line of the section; lines that begin with “~ ” are Galen’s own framing, which may be kept,
        moved or removed but not written. Reworded statements are checked against their sources and flagged
        when the sources do not bear them out. Saving makes a new version; the previous one is kept.
      </p>
      <form class="ask" method="post" action={`/articles/${props.articleId}/edit`}>
        <input type="hidden" name="csrf" value={props.csrfToken} />
        <input type="hidden" name="part" value={props.part} />
        <input type="hidden" name="basedOn" value={String(props.basedOn)} />
        <label for="text">{props.heading}</label>
        <textarea id="text" name="text" rows={14}>
          {props.text}
        </textarea>
        <label for="note">Note for the board (why this change)</label>
        <input id="note" name="note" maxlength={500} />
        <button type="submit">Save as version {String(props.basedOn + 1)}</button>
      </form>
    </Layout>
  );
}
