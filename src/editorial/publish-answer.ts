import { type Answer, answerStatements } from "../answer/answer.ts";
import type { Article, ArticleStore } from "../store/article-store.ts";

/** A URL segment from a question: lower case words joined by hyphens, at most 80 characters. */
export function slugOf(question: string): string {
  const slug = question
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, 80).replace(/-+$/, "") || "article";
}

/**
 * A generated answer becomes an article in Submitted, awaiting the advisory board. The physician's version is
 * stored once; every other reader's is derived from it when read.
 */
export async function publishAnswer(
  store: ArticleStore,
  answer: Answer,
  threadId?: string,
  /** What asked for it (a queued job's id), so that a retry publishes no duplicate. */
  requestKey?: string,
): Promise<Article> {
  return store.saveArticle({
    slug: slugOf(answer.question),
    question: answer.question,
    questionType: answer.questionType,
    answer,
    cited: answer.references.map((reference) => reference.id),
    flaggedStatements: flaggedStatements(answer),
    ...(threadId ? { threadId } : {}),
    ...(requestKey ? { requestKey } : {}),
  });
}

/** Statements that claim verification could not confirm and kept with a flag, for reviewers' queues. */
export function flaggedStatements(answer: Pick<Answer, "bottomLine" | "sections">): number {
  return answerStatements(answer).filter((statement) => statement.flag !== undefined).length;
}
