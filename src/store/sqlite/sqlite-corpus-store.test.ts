import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { toEvidenceDocument } from "../../evidence/index.ts";
import { GalenError } from "../../galen-error.ts";
import { describeAccountStoreConformance } from "../conformance/account-store.conformance.ts";
import { describeArticleStoreConformance } from "../conformance/article-store.conformance.ts";
import { describeCorpusStoreConformance } from "../conformance/corpus-store.conformance.ts";
import { describeEvidenceLevelMigrationConformance } from "../conformance/evidence-level-migration.conformance.ts";
import { describeThreadStoreConformance } from "../conformance/thread-store.conformance.ts";
import type { LexicalClause } from "../corpus-store.ts";
import { toStoredDocument } from "../stored-document.ts";
import { fts5MatchExpression } from "./fts5-match.ts";
import { MIGRATIONS } from "./migrations.ts";
import { openSqliteCorpusStore } from "./sqlite-corpus-store.ts";

const folder = mkdtempSync(join(tmpdir(), "galen-sqlite-"));
let counter = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describeCorpusStoreConformance("SQLite", () => openSqliteCorpusStore(join(folder, `store-${++counter}.db`)));
describeAccountStoreConformance("SQLite", () => openSqliteCorpusStore(join(folder, `store-${++counter}.db`)));
describeArticleStoreConformance("SQLite", () => openSqliteCorpusStore(join(folder, `store-${++counter}.db`)));
describeThreadStoreConformance("SQLite", () => openSqliteCorpusStore(join(folder, `store-${++counter}.db`)));
const pathOf = new WeakMap<object, string>();
describeEvidenceLevelMigrationConformance(
  "SQLite",
  async () => {
    const path = join(folder, `store-${++counter}.db`);
    const store = await openSqliteCorpusStore(path);
    pathOf.set(store, path);
    return store;
  },
  async (store) => {
    const path = pathOf.get(store) ?? "";
    await store.close();
    const db = new Database(path);
    db.prepare("DELETE FROM schema_migrations WHERE version = 12").run();
    db.close();
    return openSqliteCorpusStore(path);
  },
);

/**
 * A clause as one FTS5 expression, FTS5 scoring it: terms OR-ed, a stand-in as `"term" NOT ("typed" OR …)` (bm25()
 * counts only the phrases of the branches that matched), in the clause's field.
 */
function clauseExpression(clause: LexicalClause): string {
  const insteadOf = new Map((clause.standIns ?? []).map((standIn) => [standIn.term, standIn.insteadOf]));
  const terms = clause.terms.map((term) => {
    const typed = insteadOf.get(term);
    const quoted = fts5MatchExpression([term]) ?? "";
    return typed ? `(${quoted} NOT (${fts5MatchExpression(typed)}))` : quoted;
  });
  return clause.field ? `${clause.field} : (${terms.join(" OR ")})` : terms.join(" OR ");
}

describe("SQLite corpus store", () => {
  it("creates the database folder and applies migrations once", async () => {
    const path = join(folder, "nested", "deeper", "galen.db");
    await (await openSqliteCorpusStore(path)).close();
    await (await openSqliteCorpusStore(path)).close();
    const db = new Database(path, { readonly: true });
    const versions = db.prepare("SELECT version FROM schema_migrations").all();
    expect(versions).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
      { version: 4 },
      { version: 5 },
      { version: 6 },
      { version: 7 },
      { version: 8 },
      { version: 9 },
      { version: 10 },
      { version: 11 },
      { version: 12 },
    ]);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("refuses a file that is not a database with a clear message", async () => {
    const path = join(folder, "notes.txt");
    writeFileSync(path, "these are my notes, not a database ".repeat(200));
    await expect(openSqliteCorpusStore(path)).rejects.toThrow(GalenError);
    await expect(openSqliteCorpusStore(path)).rejects.toThrow(/is not a SQLite database/);
  });

  it("scores every clause as FTS5's bm25() does, with the words read into memory or not", async () => {
    const path = join(folder, "parity.db");
    const writer = await openSqliteCorpusStore(path);
    const document = (id: string, title: string, text: string, mesh: string[] = []) =>
      toStoredDocument(
        toEvidenceDocument({
          id,
          source: "test",
          title,
          abstract: [{ text }],
          mesh: mesh.map((descriptor) => ({ descriptor })),
        }),
      );
    const words = ["aspirin", "stroke", "bleeding", "warfarin", "heart", "attack", "infarction", "trial"];
    await writer.writeBatch({
      upserts: Array.from({ length: 400 }, (_, i) =>
        document(
          `test:d${i}`,
          `${words[i % 8]} and ${words[(i * 3) % 8]} note ${i}`,
          `${words[(i * 5) % 8]} ${words[(i * 7) % 8]} ${"filler ".repeat(i % 13)}${words[i % 5]}${i % 3 ? "" : " heart attack"}`,
          i % 4 === 0 ? ["Myocardial Infarction"] : ["Stroke"],
        ),
      ),
      deletions: [],
    });
    await writer.close();
    const query = {
      terms: ["aspirin", "Stroke", "heart attack", "IL-6"],
      expansions: [
        {
          terms: ["infarction"],
          weight: 0.75,
          standIns: [{ term: "infarction", insteadOf: ["heart attack"] }],
        },
        { terms: ["myocardial infarction", "stroke"], weight: 0.5, field: "mesh" as const },
        { terms: ["warfarin", "bleeding"], weight: 0.3 },
      ],
    };
    // The reference: each clause's bm25() over every document it matches, weighted and summed, in one SQL query.
    const db = new Database(path, { readonly: true });
    const clauses = [{ terms: query.terms, weight: 1 }, ...query.expansions];
    const reference = db
      .prepare(
        `SELECT d.id, sum(s) AS score FROM (${clauses
          .map(
            () =>
              "SELECT rowid, -bm25(documents_fts, 3, 1, 1, 1) * ? AS s FROM documents_fts WHERE documents_fts MATCH ?",
          )
          .join(
            " UNION ALL ",
          )}) AS u JOIN documents d ON d.rowid = u.rowid GROUP BY u.rowid ORDER BY score DESC, u.rowid LIMIT 40`,
      )
      .all(...clauses.flatMap((clause) => [clause.weight, clauseExpression(clause)])) as Array<{
      id: string;
      score: number;
    }>;
    db.close();
    expect(reference.length).toBe(40);
    for (const warm of [false, true]) {
      const store = await openSqliteCorpusStore(path, { commonTermShare: 1 });
      if (warm) expect((await store.warmSearchIndex())?.words).toBeGreaterThan(8);
      const hits = await store.searchLexical(query, { limit: 40 });
      await store.close();
      expect(hits.map((hit) => hit.id)).toEqual(reference.map((row) => row.id));
      for (const [i, hit] of hits.entries())
        expect(hit.score).toBeCloseTo(reference[i]?.score ?? Number.NaN, 9);
    }
  });

  it("drops what it read into memory when another connection writes", async () => {
    const path = join(folder, "two-connections.db");
    const reader = await openSqliteCorpusStore(path);
    const writer = await openSqliteCorpusStore(path);
    const note = (id: string, text: string) =>
      toStoredDocument(toEvidenceDocument({ id, source: "test", title: `Note ${id}`, abstract: [{ text }] }));
    await writer.writeBatch({
      upserts: [note("test:1", "gout flare"), note("test:2", "other")],
      deletions: [],
    });
    await reader.warmSearchIndex();
    const first = await reader.searchLexical({ terms: ["gout"] }, { limit: 5 });
    await writer.writeBatch({ upserts: [note("test:3", "gout gout gout")], deletions: ["test:1"] });
    const second = await reader.searchLexical({ terms: ["gout"] }, { limit: 5 });
    await Promise.all([reader.close(), writer.close()]);
    expect(first.map((hit) => hit.id)).toEqual(["test:1"]);
    expect(second.map((hit) => hit.id)).toEqual(["test:3"]);
  });

  it("merges the FTS5 index into one segment when asked to optimize it", async () => {
    const path = join(folder, "segments.db");
    const store = await openSqliteCorpusStore(path);
    for (let batch = 0; batch < 3; batch++) {
      await store.writeBatch({
        upserts: [
          toStoredDocument(
            toEvidenceDocument({
              id: `test:s${batch}`,
              source: "test",
              title: `Segment ${batch}`,
              abstract: [],
            }),
          ),
        ],
        deletions: [],
      });
    }
    const segments = () => {
      const db = new Database(path, { readonly: true });
      const count = db.prepare("SELECT count(DISTINCT segid) FROM documents_fts_idx").pluck().get();
      db.close();
      return count;
    };
    // Each transaction wrote a segment of its own.
    expect(segments()).toBe(3);
    await store.optimizeSearchIndex();
    expect(segments()).toBe(1);
    expect((await store.searchLexical({ terms: ["segment"] }, { limit: 5 })).length).toBe(3);
    await store.close();
  });

  it("refuses a database from a newer Galen", async () => {
    const path = join(folder, "future.db");
    await (await openSqliteCorpusStore(path)).close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'now')").run();
    db.close();
    await expect(openSqliteCorpusStore(path)).rejects.toThrow(/newer Galen/);
  });
});

describe("SQLite article versions", () => {
  it("turns the articles of an older database into their version 1, approved ones approved", async () => {
    const path = join(folder, "before-versions.db");
    const db = new Database(path);
    db.exec(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    );
    for (const step of MIGRATIONS.filter((migration) => migration.version <= 7)) {
      db.exec(step.sql);
      db.prepare("INSERT INTO schema_migrations VALUES (?, ?, 'then')").run(step.version, step.name);
    }
    db.prepare(
      "INSERT INTO articles (id, slug, question, question_type, status, answer, created_at, updated_at, reviewed_by) VALUES ('a1', 'gout', 'Gout?', 'overview', 'approved', '{\"question\":\"Gout?\"}', '2026-01-01', '2026-02-01', 'Ann')",
    ).run();
    db.close();
    const store = await openSqliteCorpusStore(path);
    expect(await store.getArticle("a1")).toMatchObject({
      version: 1,
      latestVersion: 1,
      approvedVersion: 1,
      approvedAt: "2026-02-01",
      reviewedBy: "Ann",
      answer: { question: "Gout?" },
    });
    await store.close();
    const raw = new Database(path);
    expect(() => raw.prepare("UPDATE article_versions SET answer = '{}'").run()).toThrow(/immutable/);
    expect(() => raw.prepare("DELETE FROM article_versions").run()).toThrow(/immutable/);
    raw.close();
  });
});

describe("SQLite audit log", () => {
  it("refuses to change or delete a written entry", async () => {
    const path = join(folder, "audit.db");
    const store = await openSqliteCorpusStore(path);
    await store.appendAudit({ actor: "a", action: "user.add", target: "b", details: {} });
    await store.close();
    const db = new Database(path);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
    db.close();
  });
});
