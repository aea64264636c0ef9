import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { NewThreadTurn, Thread } from "../thread-store.ts";

interface TurnRow {
  position: number;
  question: string;
  searched_as: string;
  answer: string;
  asked_at: string;
  request_key: string | null;
}

/** Threads and their turns in the corpus database (migration 4); the answers are stored as JSON. */
export class SqliteThreads {
  constructor(private readonly db: Database.Database) {}

  create(requestKey?: string): string {
    return this.db
      .transaction(() => {
        const earlier = requestKey
          ? this.db
              .prepare<[string], { id: string }>("SELECT id FROM threads WHERE request_key = ?")
              .get(requestKey)
          : undefined;
        if (earlier) return earlier.id;
        const id = randomUUID();
        this.db
          .prepare("INSERT INTO threads (id, created_at, request_key) VALUES (?, ?, ?)")
          .run(id, new Date().toISOString(), requestKey ?? null);
        return id;
      })
      .immediate();
  }

  append(threadId: string, turn: NewThreadTurn, requestKey?: string): number | undefined {
    return this.db
      .transaction(() => {
        if (this.db.prepare("SELECT 1 FROM threads WHERE id = ?").get(threadId) === undefined)
          return undefined;
        const earlier = requestKey
          ? this.db
              .prepare<[string, string], { position: number }>(
                "SELECT position FROM thread_turns WHERE thread_id = ? AND request_key = ?",
              )
              .get(threadId, requestKey)
          : undefined;
        if (earlier) return earlier.position;
        const { next } = this.db
          .prepare<[string], { next: number }>(
            "SELECT coalesce(max(position), 0) + 1 AS next FROM thread_turns WHERE thread_id = ?",
          )
          .get(threadId) ?? { next: 1 };
        this.db
          .prepare(
            "INSERT INTO thread_turns (thread_id, position, question, searched_as, answer, asked_at, request_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
          )
          .run(
            threadId,
            next,
            turn.question,
            turn.searchedAs,
            JSON.stringify(turn.answer),
            new Date().toISOString(),
            requestKey ?? null,
          );
        return next;
      })
      .immediate();
  }

  get(threadId: string): Thread | undefined {
    const thread = this.db
      .prepare<[string], { id: string; created_at: string }>(
        "SELECT id, created_at FROM threads WHERE id = ?",
      )
      .get(threadId);
    if (thread === undefined) return undefined;
    const turns = this.db
      .prepare<[string], TurnRow>(
        "SELECT position, question, searched_as, answer, asked_at, request_key FROM thread_turns WHERE thread_id = ? ORDER BY position",
      )
      .all(threadId)
      .map((row) => ({
        position: row.position,
        question: row.question,
        searchedAs: row.searched_as,
        answer: JSON.parse(row.answer) as unknown,
        askedAt: row.asked_at,
        ...(row.request_key === null ? {} : { requestKey: row.request_key }),
      }));
    return { id: thread.id, createdAt: thread.created_at, turns };
  }
}
