/** One question and its answer in a conversation. The answer is the answer room's JSON; the store keeps it whole. */
export interface ThreadTurn {
  /** 1 for the question that opened the thread. */
  position: number;
  question: string;
  /** What was searched, when a follow-up carried the earlier turns' concepts ("pars defect treatment adults"). */
  searchedAs: string;
  answer: unknown;
  askedAt: string;
  /** The request (a queued job's id) that saved the turn, when one did. */
  requestKey?: string;
}

export interface Thread {
  id: string;
  createdAt: string;
  turns: ThreadTurn[];
}

/** A turn as it is appended: the store numbers it and dates it. */
export type NewThreadTurn = Omit<ThreadTurn, "position" | "askedAt" | "requestKey">;

/** Conversations of follow-up questions, kept in order. */
export interface ThreadStore {
  /**
   * Starts a thread; returns its id. With a request key (a queued job's id), a thread already started for that
   * request is returned instead, so that a job run again after a crash does not start a second one.
   */
  createThread(requestKey?: string): Promise<string>;
  /**
   * Appends a turn; undefined when the thread does not exist. Returns the turn's position. With a request key, a
   * turn the thread already holds for that request is kept as it is and its position returned.
   */
  appendTurn(threadId: string, turn: NewThreadTurn, requestKey?: string): Promise<number | undefined>;
  getThread(threadId: string): Promise<Thread | undefined>;
}
