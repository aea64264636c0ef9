import type Database from "better-sqlite3";
import * as sqliteVec from "sqlite-vec";
import { GalenError } from "../../galen-error.ts";

/**
 * Dense vectors in a sqlite-vec `vec0` table keyed by the document's rowid (sqlite-vec wants BigInt rowids).
 * The table is created on first use with the model's dimension; `embedding_space` records which model filled it.
 */
export class SqliteVectors {
  private available: boolean;
  /** Whether the vector table existed when the current write began (see beginWrite). */
  private tableAtWrite = false;

  constructor(private readonly db: Database.Database) {
    try {
      sqliteVec.load(db);
      this.available = true;
    } catch {
      this.available = false;
    }
  }

  space(): { model: string; dimensions: number } | undefined {
    return this.db.prepare("SELECT model, dimensions FROM embedding_space").get() as
      | { model: string; dimensions: number }
      | undefined;
  }

  private hasTable(): boolean {
    return this.available && this.space() !== undefined;
  }

  /** Looks the vector table up once per write batch instead of once per updated document. */
  beginWrite(): void {
    this.tableAtWrite = this.hasTable();
  }

  save(model: string, vectors: ReadonlyArray<{ rowid: number; vector: readonly number[] }>): void {
    this.assertAvailable();
    const first = vectors[0];
    if (!first) return;
    const space = this.space() ?? { model, dimensions: first.vector.length };
    if (space.model !== model) {
      throw new GalenError(
        `This database holds vectors from ${space.model}, not ${model}. Use the same embedding model, or a new database.`,
      );
    }
    for (const { vector } of vectors) this.assertLength(vector, space, model);
    if (this.space() === undefined) this.createSpace(space.model, space.dimensions);
    const remove = this.db.prepare("DELETE FROM document_vectors WHERE rowid = ?");
    const insert = this.db.prepare("INSERT INTO document_vectors (rowid, embedding) VALUES (?, ?)");
    for (const { rowid, vector } of vectors) {
      remove.run(BigInt(rowid));
      insert.run(BigInt(rowid), new Float32Array(vector));
    }
  }

  forget(rowid: number): void {
    if (this.tableAtWrite) this.db.prepare("DELETE FROM document_vectors WHERE rowid = ?").run(BigInt(rowid));
  }

  withoutVector(limit: number): Array<{ rowid: number; id: string; title: string; abstract: string | null }> {
    const missing = this.hasTable()
      ? "WHERE NOT EXISTS (SELECT 1 FROM document_vectors v WHERE v.rowid = d.rowid)"
      : "";
    return this.db
      .prepare(
        `SELECT d.rowid, d.id, t.title, t.abstract FROM documents d JOIN documents_text t ON t.rowid = d.rowid
         ${missing} ORDER BY d.rowid LIMIT ?`,
      )
      .all(limit) as Array<{ rowid: number; id: string; title: string; abstract: string | null }>;
  }

  nearest(vector: readonly number[], k: number): Array<{ rowid: number; distance: number }> {
    const space = this.space();
    if (!this.available || space === undefined) return [];
    this.assertLength(vector, space, space.model);
    return (
      this.db
        .prepare(
          "SELECT rowid, distance FROM document_vectors WHERE embedding MATCH ? AND k = ? ORDER BY distance",
        )
        .all(new Float32Array(vector), k) as Array<{ rowid: number | bigint; distance: number }>
    ).map((row) => ({ rowid: Number(row.rowid), distance: row.distance }));
  }

  private createSpace(model: string, dimensions: number): void {
    this.db.exec(
      `CREATE VIRTUAL TABLE document_vectors USING vec0(embedding float[${Math.trunc(dimensions)}] distance_metric=cosine)`,
    );
    this.db.prepare("INSERT INTO embedding_space (model, dimensions) VALUES (?, ?)").run(model, dimensions);
  }

  private assertLength(vector: readonly number[], space: { dimensions: number }, model: string): void {
    if (vector.length !== space.dimensions) {
      throw new GalenError(
        `The embedding model ${model} returned vectors of ${vector.length} numbers; this database holds vectors of ${space.dimensions}. Check the model name, or use a new database.`,
      );
    }
  }

  private assertAvailable(): void {
    if (!this.available) {
      throw new GalenError(
        "The sqlite-vec extension could not be loaded on this machine, so vectors cannot be stored.",
      );
    }
  }
}
