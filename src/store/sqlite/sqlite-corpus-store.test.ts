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
import { describeThreadStoreConformance } from "../conformance/thread-store.conformance.ts";
import { toStoredDocument } from "../stored-document.ts";
import { MIGRATIONS } from "./migrations.ts";
import { openSqliteCorpusStore } from "./sqlite-corpus-store.ts";

const folder = mkdtempSync(join(tmpdir(), "galen-sqlite-"));
let counter = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describeCorpusStoreConformance("SQLite", () => openSqliteCorpusStore(join(folder, `store-${++counter}.db`)));
describeAccountStoreConformance("SQLite", () => openSqliteCorpusStore(join(folder, `store-${++counter}.db`)));
describeArticleStoreConformance("SQLite", () => openSqliteCorpusStore(join(folder, `store-${++counter}.db`)));
describeThreadStoreConformance("SQLite", () => openSqliteCorpusStore(join(folder, `store-${++counter}.db`)));

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

  it("scores frequent words for the candidates that rarer words bring, as if every word brought candidates", async () => {
    const path = join(folder, "frequent.db");
    const writer = await openSqliteCorpusStore(path);
    const document = (id: string, text: string) =>
      toStoredDocument(toEvidenceDocument({ id, source: "test", title: `Note ${id}`, abstract: [{ text }] }));
    // "frequent" is in 1,011 of 4,412 documents: more than the 1,000 a word may be in and still bring candidates,
    // so it brings none, and less than the quarter of them that would make it too common to search.
    await writer.writeBatch({
      upserts: [
        document("test:a", "rare frequent frequent frequent"),
        document("test:b", "rare alone"),
        ...Array.from({ length: 1_010 }, (_, i) => document(`test:f${i}`, `frequent filler ${i}`)),
        ...Array.from({ length: 3_400 }, (_, i) => document(`test:o${i}`, `other filler ${i}`)),
      ],
      deletions: [],
    });
    await writer.close();
    const search = async (candidateTermShare: number, limit: number) => {
      const store = await openSqliteCorpusStore(path, { candidateTermShare });
      const hits = await store.searchLexical({ terms: ["rare", "frequent"] }, { limit });
      await store.close();
      return hits.map((hit) => [hit.id, hit.score.toFixed(9)]);
    };
    expect(await search(0.05, 2)).toEqual(await search(1, 2));
    // Asked for more than the rarer word brings: the frequent word brings candidates as well.
    expect(await search(0.05, 10)).toEqual(await search(1, 10));
    const ids = (await search(0.05, 10)).map(([id]) => id);
    expect(ids.slice(0, 2)).toEqual(["test:a", "test:b"]);
    expect(ids[2]).toMatch(/^test:f/);
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
