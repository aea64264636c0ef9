import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { FTS5_TOKENIZER, Fts5Tokens } from "./fts5-tokens.ts";
import { migrate } from "./migrations.ts";

describe("Fts5Tokens", () => {
  it("tokenizes as the index does: Porter stems, diacritics gone, hyphenated terms split", () => {
    const db = new Database(":memory:");
    const tokens = new Fts5Tokens(db);
    expect(tokens.of("Increased")).toEqual(["increas"]);
    expect(tokens.of("IL-6")).toEqual(["il", "6"]);
    expect(tokens.of("Sjögren")).toEqual(tokens.of("Sjogren"));
    expect(tokens.of("—")).toEqual([]);
    db.close();
  });

  it("uses the tokenizer the search index was created with", () => {
    const db = new Database(":memory:");
    migrate(db);
    const sql = db
      .prepare("SELECT sql FROM sqlite_master WHERE name = 'documents_fts'")
      .pluck()
      .get() as string;
    expect(sql).toContain(`tokenize = '${FTS5_TOKENIZER}'`);
    db.close();
  });
});
