import type Database from "better-sqlite3";

/** The tokenizer of `documents_fts` (migration 1): Porter stems of Unicode words, diacritics removed. */
export const FTS5_TOKENIZER = "porter unicode61 remove_diacritics 2";

/** Texts whose tokens are remembered; past it the memory starts again (query words repeat, the set stays small). */
const REMEMBERED = 50_000;

/**
 * The tokens FTS5 makes of a text, read from a private in-memory FTS5 table with the index's own tokenizer, so
 * that a word is looked up in the index exactly as FTS5 would search it ("Increased" → "increas", "IL-6" → "il",
 * "6").
 */
export class Fts5Tokens {
  private readonly remembered = new Map<string, readonly string[]>();
  private statements:
    | { insert: Database.Statement; read: Database.Statement; clear: Database.Statement }
    | undefined;

  constructor(private readonly db: Database.Database) {}

  of(text: string): readonly string[] {
    const known = this.remembered.get(text);
    if (known !== undefined) return known;
    const { insert, read, clear } = this.tokenizer();
    const tokens = this.db.transaction(() => {
      insert.run(text);
      const found = read.all() as string[];
      clear.run();
      return found;
    })();
    if (this.remembered.size >= REMEMBERED) this.remembered.clear();
    this.remembered.set(text, tokens);
    return tokens;
  }

  private tokenizer(): { insert: Database.Statement; read: Database.Statement; clear: Database.Statement } {
    if (this.statements !== undefined) return this.statements;
    this.db.exec(`
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.galen_tokenizer USING fts5(text, tokenize = '${FTS5_TOKENIZER}');
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.galen_tokenizer_instances
        USING fts5vocab(temp, galen_tokenizer, instance);`);
    this.statements = {
      insert: this.db.prepare("INSERT INTO temp.galen_tokenizer (rowid, text) VALUES (1, ?)"),
      read: this.db.prepare("SELECT term FROM temp.galen_tokenizer_instances ORDER BY offset").pluck(),
      clear: this.db.prepare("DELETE FROM temp.galen_tokenizer"),
    };
    return this.statements;
  }
}
