/** One question and its answer in a conversation. The answer is the answer room's JSON; the store keeps it whole. */
export interface ThreadTurn {
  /** 1 for the question that opened the thread. */
  position: number;
  question: string;
  /** What was searched, when a follow-up carried the earlier turns' concepts ("pars defect treatment adults"). */
  searchedAs: string;
  answer: unknown;
  askedAt: string;
}

export interface Thread {
  id: string;
  createdAt: string;
  turns: ThreadTurn[];
}

/** Conversations of follow-up questions, kept in order. */
export interface ThreadStore {
  /** Starts a thread; returns its id. */
  createThread(): Promise<string>;
  /** Appends a turn; undefined when the thread does not exist. Returns the turn's position. */
  appendTurn(threadId: string, turn: Omit<ThreadTurn, "position" | "askedAt">): Promise<number | undefined>;
  getThread(threadId: string): Promise<Thread | undefined>;
}
