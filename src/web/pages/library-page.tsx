import { QUESTION_KINDS } from "../../answer/answer.ts";
import { type ArticleSummary, REVIEW_STATUSES } from "../../store/article-store.ts";
import { articlePath, STATUS_LABELS } from "../articles.ts";
import { Layout } from "./layout.tsx";

export interface LibraryPageProps {
  articles: readonly ArticleSummary[];
  text: string;
  status?: string;
  questionType?: string;
}

/** Browse and search articles, filtered by review status and question type. */
export function LibraryPage({ articles, text, status, questionType }: LibraryPageProps) {
  return (
    <Layout title="Articles">
      <h1>Articles</h1>
      <search>
        <form class="inline" method="get" action="/articles">
          <label for="q">Search questions</label>
          <input id="q" type="search" name="q" value={text} />
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="">Any</option>
            {REVIEW_STATUSES.filter((value) => value !== "rejected").map((value) => (
              <option value={value} selected={value === status}>
                {STATUS_LABELS[value]}
              </option>
            ))}
          </select>
          <label for="type">Question type</label>
          <select id="type" name="type">
            <option value="">Any</option>
            {QUESTION_KINDS.map((value) => (
              <option value={value} selected={value === questionType}>
                {value}
              </option>
            ))}
          </select>
          <button type="submit">Search</button>
        </form>
      </search>
      <ArticleList articles={articles} />
    </Layout>
  );
}

export function ArticleList({ articles }: { articles: readonly ArticleSummary[] }) {
  if (articles.length === 0) return <p class="meta">No articles yet.</p>;
  return (
    <ul>
      {articles.map((article) => (
        <li>
          <a href={articlePath(article)}>{article.question}</a>{" "}
          <span class="meta">
            {STATUS_LABELS[article.status]} · {article.questionType} · {article.createdAt.slice(0, 10)}
          </span>
        </li>
      ))}
    </ul>
  );
}
