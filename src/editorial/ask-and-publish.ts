import type { Answer } from "../answer/answer.ts";
import type { AskOptions } from "../answer/ask-question.ts";
import type { Article, GalenStore } from "../store/index.ts";
import { askInThread } from "../threads/ask-in-thread.ts";
import { publishAnswer } from "./publish-answer.ts";

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
