import { Answer } from "../answer/answer.ts";
import type { AskOptions } from "../answer/ask-question.ts";
import type { Composer } from "../answer/composer.ts";
import { ReportedStatement } from "../answer/statement-stream.ts";
import { publishAnswer } from "../editorial/publish-answer.ts";
import { GalenError } from "../galen-error.ts";
import type { Article, GalenStore } from "../store/index.ts";
import type { AnswerOutcome, JobQueue } from "../store/job-queue.ts";
import { askInThread } from "../threads/ask-in-thread.ts";

export type Asked = { kind: "article"; article: Article; answer: Answer } | { kind: "polite"; text: string };

/**
 * Asks a question (or a follow-up in an article's thread) and publishes the answer as an article in Submitted.
 * The physician's version is stored; each reader's version is derived when the article is read.
 */
export async function askAndPublish(
  store: GalenStore,
  question: string,
  options: Pick<AskOptions, "composer" | "onStatement"> & { threadId?: string; requestKey?: string } = {},
): Promise<Asked> {
  const reply = await askInThread(store, question, options);
  if (reply.kind === "polite") return { kind: "polite", text: reply.text };
  const article = await publishAnswer(store, reply.answer, reply.threadId, options.requestKey);
  return { kind: "article", article, answer: reply.answer };
}

/** How the app gets a question answered and published: in this process, or by a worker through the queue. */
export type Ask = (
  question: string,
  options?: Pick<AskOptions, "onStatement"> & { threadId?: string },
) => Promise<Asked>;

/** Answers in this process (the embedded default). */
export function localAsk(store: GalenStore, composer?: Composer): Ask {
  return (question, options = {}) =>
    askAndPublish(store, question, { ...options, ...(composer ? { composer } : {}) });
}

/**
 * Hands the question to `galen worker` through the shared queue and waits for the article (any app server may
 * take the request; any worker the job). The worker's statements, checked as its model writes them, reach
 * `onStatement` as they come.
 */
export function queuedAsk(store: GalenStore, queue: JobQueue, timeoutMs = 120_000): Ask {
  return async (question, options = {}) => {
    const { onStatement } = options;
    const id = await queue.submit(
      "answer",
      {
        question,
        ...(options.threadId ? { threadId: options.threadId } : {}),
        ...(onStatement ? { stream: true } : {}),
      },
      onStatement &&
        ((progress) => {
          const reported = ReportedStatement.safeParse(progress);
          if (reported.success) onStatement(reported.data);
        }),
    );
    const outcome = (await queue.result("answer", id, timeoutMs)) as AnswerOutcome;
    if (outcome.kind === "polite") return outcome;
    const article = await store.getArticle(outcome.articleId);
    if (article === undefined) throw new GalenError(`The worker's article ${outcome.articleId} is missing.`);
    return { kind: "article", article, answer: Answer.parse(article.answer) };
  };
}
