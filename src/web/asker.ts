import { Answer } from "../answer/answer.ts";
import type { AskOptions } from "../answer/ask-question.ts";
import type { Composer } from "../answer/composer.ts";
import { type Asked, askAndPublish } from "../editorial/ask-and-publish.ts";
import { GalenError } from "../galen-error.ts";
import type { AnswerOutcome, JobQueue } from "../jobs/job-queue.ts";
import type { GalenStore } from "../store/index.ts";

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
 * take the request; any worker the job). Statements are not streamed across processes: the article arrives whole.
 */
export function queuedAsk(store: GalenStore, queue: JobQueue, timeoutMs = 120_000): Ask {
  return async (question, options = {}) => {
    const id = await queue.submit("answer", {
      question,
      ...(options.threadId ? { threadId: options.threadId } : {}),
    });
    const outcome = (await queue.result("answer", id, timeoutMs)) as AnswerOutcome;
    if (outcome.kind === "polite") return outcome;
    const article = await store.getArticle(outcome.articleId);
    if (article === undefined) throw new GalenError(`The worker's article ${outcome.articleId} is missing.`);
    return { kind: "article", article, answer: Answer.parse(article.answer) };
  };
}
