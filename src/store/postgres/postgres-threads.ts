import { randomUUID } from "node:crypto";
import type { NewThreadTurn, Thread, ThreadStore, ThreadTurn } from "../thread-store.ts";
import type { PostgresDatabase } from "./postgres-database.ts";

interface TurnRow {
  position: number;
  question: string;
  searched_as: string;
  answer: string;
  asked_at: string;
  request_key: string | null;
}

/** Conversations and their turns, numbered 1, 2, 3… per thread, each answer kept whole as JSON. */
export class PostgresThreads implements ThreadStore {
  constructor(private readonly db: PostgresDatabase) {}

  async createThread(requestKey?: string): Promise<string> {
    const id = randomUUID();
    const created = await this.db.row<{ id: string }>(
      `INSERT INTO threads (id, created_at, request_key) VALUES ($1, $2, $3)
       ON CONFLICT (request_key) WHERE request_key IS NOT NULL DO NOTHING RETURNING id`,
      [id, new Date().toISOString(), requestKey ?? null],
    );
    if (created) return created.id;
    // Only a request key can conflict: the thread its first run started.
    const earlier = await this.db.row<{ id: string }>("SELECT id FROM threads WHERE request_key = $1", [
      requestKey,
    ]);
    if (earlier === undefined) throw new Error(`No thread holds request key ${requestKey}.`);
    return earlier.id;
  }

  async appendTurn(threadId: string, turn: NewThreadTurn, requestKey?: string): Promise<number | undefined> {
    return this.db.transaction(async (tx) => {
      // Locking the thread's row queues concurrent appends to it, so each sees the turn committed before it.
      const thread = await tx.row("SELECT id FROM threads WHERE id = $1 FOR UPDATE", [threadId]);
      if (thread === undefined) return undefined;
      if (requestKey !== undefined) {
        const earlier = await tx.row<{ position: number }>(
          "SELECT position FROM thread_turns WHERE thread_id = $1 AND request_key = $2",
          [threadId, requestKey],
        );
        if (earlier) return earlier.position;
      }
      const next = await tx.row<{ position: number }>(
        "SELECT coalesce(max(position), 0) + 1 AS position FROM thread_turns WHERE thread_id = $1",
        [threadId],
      );
      const position = next?.position ?? 1;
      await tx.run(
        `INSERT INTO thread_turns (thread_id, position, question, searched_as, answer, asked_at, request_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          threadId,
          position,
          turn.question,
          turn.searchedAs,
          JSON.stringify(turn.answer),
          new Date().toISOString(),
          requestKey ?? null,
        ],
      );
      return position;
    });
  }

  async getThread(threadId: string): Promise<Thread | undefined> {
    const thread = await this.db.row<{ id: string; created_at: string }>(
      "SELECT id, created_at FROM threads WHERE id = $1",
      [threadId],
    );
    if (thread === undefined) return undefined;
    const turns = await this.db.rows<TurnRow>(
      "SELECT position, question, searched_as, answer, asked_at, request_key FROM thread_turns WHERE thread_id = $1 ORDER BY position",
      [threadId],
    );
    return { id: thread.id, createdAt: thread.created_at, turns: turns.map(toTurn) };
  }
}

function toTurn(row: TurnRow): ThreadTurn {
  return {
    position: row.position,
    question: row.question,
    searchedAs: row.searched_as,
    answer: JSON.parse(row.answer) as unknown,
    askedAt: row.asked_at,
    ...(row.request_key === null ? {} : { requestKey: row.request_key }),
  };
}
