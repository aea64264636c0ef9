import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { Thread, ThreadTurn } from "../thread-store.ts";

interface TurnRow {
  position: number;
  question: string;
  searched_as: string;
  answer: string;
  asked_at: string;
}

/** Threads and their turns in the corpus database (migration 4); the answers are stored as JSON. */
export class SqliteThreads {
  constructor(private readonly db: Database.Database) {}

  create(): string {
    const id = randomUUID();
    this.db.prepare("INSERT INTO threads (id, created_at) VALUES (?, ?)").run(id, new Date().toISOString());
    return id;
  }

  append(threadId: string, turn: Omit<ThreadTurn, "position" | "askedAt">): number | undefined {
    return this.db
      .transaction(() => {
        if (this.db.prepare("SELECT 1 FROM threads WHERE id = ?").get(threadId) === undefined)
          return undefined;
        const { next } = this.db
          .prepare<[string], { next: number }>(
            "SELECT coalesce(max(position), 0) + 1 AS next FROM thread_turns WHERE thread_id = ?",
          )
          .get(threadId) ?? { next: 1 };
        this.db
          .prepare(
            "INSERT INTO thread_turns (thread_id, position, question, searched_as, answer, asked_at) VALUES (?, ?, ?, ?, ?, ?)",
          )
          .run(
            threadId,
            next,
            turn.question,
            turn.searchedAs,
            JSON.stringify(turn.answer),
            new Date().toISOString(),
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
        "SELECT position, question, searched_as, answer, asked_at FROM thread_turns WHERE thread_id = ? ORDER BY position",
      )
      .all(threadId)
      .map((row) => ({
        position: row.position,
        question: row.question,
        searchedAs: row.searched_as,
        answer: JSON.parse(row.answer) as unknown,
        askedAt: row.asked_at,
      }));
    return { id: thread.id, createdAt: thread.created_at, turns };
  }
}
