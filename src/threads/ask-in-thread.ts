import { Answer } from "../answer/answer.ts";
import { type AskOptions, askQuestion } from "../answer/ask-question.ts";
import { GalenError } from "../galen-error.ts";
import type { CorpusStore } from "../store/corpus-store.ts";
import type { Thread, ThreadStore } from "../store/thread-store.ts";
import { type EarlierTurn, type ResolvedFollowUp, resolveFollowUp } from "./follow-up-context.ts";
import { politeReply } from "./polite-reply.ts";
import { suggestFollowUps } from "./suggested-follow-ups.ts";

/** A thread holds this many questions; a longer conversation starts a new thread. */
export const MAX_THREAD_TURNS = 20;

export type ThreadReply =
  | { kind: "answer"; threadId: string; position: number; answer: Answer; resolved?: ResolvedFollowUp }
  /** A greeting, an empty or an off-topic message: answered politely, without a search, and not stored. */
  | { kind: "polite"; threadId?: string; text: string };

export class ThreadNotFound extends GalenError {
  constructor(threadId: string) {
    super(
      `There is no thread ${threadId} in this database. Ask without --thread to start one; its id is printed with the answer.`,
    );
  }
}

/**
 * Asks a question in a conversation: a new thread when there is none, otherwise a follow-up read in the light of
 * the thread's earlier turns. Each turn is a full answer with its own citations, stored in order, with suggested
 * follow-ups that the corpus can answer.
 */
export async function askInThread(
  store: CorpusStore & ThreadStore,
  question: string,
  options: AskOptions & { threadId?: string; requestKey?: string } = {},
): Promise<ThreadReply> {
  const thread =
    options.threadId === undefined
      ? undefined
      : await existingThread(store, options.threadId, options.requestKey);
  // An empty first question is a usage error; an empty follow-up gets a prompt to type one.
  const polite = thread === undefined && question.trim() === "" ? undefined : politeReply(question);
  if (polite !== undefined)
    return { kind: "polite", text: polite, ...(thread ? { threadId: thread.id } : {}) };
  const resolved = thread ? resolveFollowUp(question, earlierTurns(thread)) : undefined;
  const asked = await askQuestion(store, question, {
    ...options,
    ...(resolved ? { searchAs: resolved.searchAs, kind: resolved.kind, preferred: resolved.preferred } : {}),
  });
  const answer = { ...asked, followUps: await suggestFollowUps(store, asked) };
  // A request key (a queued job's id) makes a run again after a crash find the thread and turn its first run saved.
  const threadId = thread?.id ?? (await store.createThread(options.requestKey));
  const position = await store.appendTurn(
    threadId,
    { question: answer.question, searchedAs: answer.searchedAs ?? answer.question, answer },
    options.requestKey,
  );
  if (position === undefined) throw new ThreadNotFound(threadId);
  return { kind: "answer", threadId, position, answer, ...(resolved ? { resolved } : {}) };
}

async function existingThread(store: ThreadStore, threadId: string, requestKey?: string): Promise<Thread> {
  const thread = await store.getThread(threadId);
  if (thread === undefined) throw new ThreadNotFound(threadId);
  // A request run again may have filled the thread itself: its turn is there, and asking again adds nothing.
  const savedBefore = requestKey !== undefined && thread.turns.some((turn) => turn.requestKey === requestKey);
  if (thread.turns.length >= MAX_THREAD_TURNS && !savedBefore) {
    throw new GalenError(
      `Thread ${threadId} already holds ${MAX_THREAD_TURNS} questions, the most one thread keeps. Ask without --thread to start a new one.`,
    );
  }
  return thread;
}

function earlierTurns(thread: Thread): EarlierTurn[] {
  return thread.turns.flatMap((turn) => {
    const answer = Answer.safeParse(turn.answer);
    if (!answer.success) return [];
    return [
      {
        question: turn.question,
        searchedAs: turn.searchedAs,
        kind: answer.data.questionType,
        cited: answer.data.references.map((reference) => reference.id),
      },
    ];
  });
}
