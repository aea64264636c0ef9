import type { AnswerDiff } from "../../editorial/answer-diff.ts";
import type { ArticleSummary, ArticleVersionInfo } from "../../store/article-store.ts";
import { DiffView } from "./diff-view.tsx";
import { Layout } from "./layout.tsx";

export interface VersionsPageProps {
  article: ArticleSummary;
  articlePath: string;
  versions: readonly ArticleVersionInfo[];
  from: number;
  to: number;
  diff: AnswerDiff;
}

/** An article's versions, who made each and why, and any two compared side by side. */
export function VersionsPage({ article, articlePath, versions, from, to, diff }: VersionsPageProps) {
  return (
    <Layout title={`Versions: ${article.question}`}>
      <p class="meta">
        <a href={articlePath}>{article.question}</a>
      </p>
      <h1>Versions</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr>
              <td>
                <a href={`${articlePath}?version=${version.version}`}>{version.version}</a>
                {version.version === article.approvedVersion ? " (approved)" : ""}
              </td>
              <td>{version.createdAt.slice(0, 16).replace("T", " ")}</td>
              <td>{version.author}</td>
              <td>
                {version.note ?? ""}
                {version.flaggedStatements > 0 ? ` · ${version.flaggedStatements} flagged` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="inline" method="get" action={`/articles/${article.id}/versions`}>
        <label for="from">Compare version</label>
        <VersionChoice id="from" versions={versions} selected={from} />
        <label for="to">with</label>
        <VersionChoice id="to" versions={versions} selected={to} />
        <button type="submit">Compare</button>
      </form>
      <DiffView diff={diff} before={`Version ${from}`} after={`Version ${to}`} />
    </Layout>
  );
}

function VersionChoice({
  id,
  versions,
  selected,
}: {
  id: string;
  versions: readonly ArticleVersionInfo[];
  selected: number;
}) {
  return (
    <select id={id} name={id}>
      {versions.map((version) => (
        <option value={String(version.version)} selected={version.version === selected}>
          {String(version.version)}
        </option>
      ))}
    </select>
  );
}
