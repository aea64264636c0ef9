import type { AnswerDiff, DiffRun } from "../../editorial/answer-diff.ts";

/** Two versions side by side, part by part: removed words struck through on the left, added ones marked on the right. */
export function DiffView({ diff, before, after }: { diff: AnswerDiff; before: string; after: string }) {
  const changed = diff.parts.filter((part) => part.changed);
  return (
    <section aria-labelledby="changes">
      <h2 id="changes">Changes</h2>
      {changed.length === 0 && diff.referencesAdded.length + diff.referencesRemoved.length === 0 ? (
        <p class="meta">The two versions say the same.</p>
      ) : null}
      {changed.map((part) => (
        <div class="diff">
          <h3>{part.heading}</h3>
          <div class="side-by-side">
            <div>
              <p class="meta">{before}</p>
              <Runs runs={part.before} />
            </div>
            <div>
              <p class="meta">{after}</p>
              <Runs runs={part.after} />
            </div>
          </div>
        </div>
      ))}
      {diff.referencesAdded.length > 0 ? (
        <p>
          References added:{" "}
          {diff.referencesAdded.map((reference) => `${reference.id} (${reference.title})`).join("; ")}
        </p>
      ) : null}
      {diff.referencesRemoved.length > 0 ? (
        <p>
          References removed:{" "}
          {diff.referencesRemoved.map((reference) => `${reference.id} (${reference.title})`).join("; ")}
        </p>
      ) : null}
    </section>
  );
}

function Runs({ runs }: { runs: readonly DiffRun[] }) {
  return (
    <pre class="runs">
      {runs.map((run) =>
        run.change === "removed" ? (
          <del>{run.text}</del>
        ) : run.change === "added" ? (
          <ins>{run.text}</ins>
        ) : (
          run.text
        ),
      )}
    </pre>
  );
}
