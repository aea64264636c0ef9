import { describe, expect, inject, it } from "vitest";
import { postgresMissing } from "../../../test/postgres-server.ts";
import { toEvidenceDocument } from "../../evidence/index.ts";
import { describeAccountStoreConformance } from "../conformance/account-store.conformance.ts";
import { describeArticleStoreConformance } from "../conformance/article-store.conformance.ts";
import { describeCorpusStoreConformance, sampleDocument } from "../conformance/corpus-store.conformance.ts";
import { describeThreadStoreConformance } from "../conformance/thread-store.conformance.ts";
import { toStoredDocument } from "../stored-document.ts";
import { POSTGRES_MIGRATIONS } from "./migrations.ts";
import { openPostgresStore } from "./postgres-store.ts";

const url = inject("postgresUrl");
let counter = 0;
/** Each test's store in a schema of its own on the one test server: as isolated as a fresh SQLite file. */
const open = () => openPostgresStore(url, { schema: `t${process.pid}_${++counter}` });

if (url === "") {
  describe.skip(`PostgreSQL store (skipped: ${postgresMissing() ?? "no test server"})`, () => {
    it("needs PostgreSQL", () => undefined);
  });
} else {
  describeCorpusStoreConformance("PostgreSQL", open);
  describeAccountStoreConformance("PostgreSQL", open);
  describeArticleStoreConformance("PostgreSQL", open);
  describeThreadStoreConformance("PostgreSQL", open);

  describe("PostgreSQL store", () => {
    it("applies its migrations once, even when two processes open it at the same moment", async () => {
      const schema = `t${process.pid}_${++counter}`;
      const [first, second] = await Promise.all([
        openPostgresStore(url, { schema }),
        openPostgresStore(url, { schema }),
      ]);
      await first.close();
      await second.close();
      const pg = await import("pg");
      const client = new pg.default.Client({ connectionString: url });
      await client.connect();
      const versions = await client.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
      await client.end();
      expect(versions.rows).toEqual(POSTGRES_MIGRATIONS.map(({ version }) => ({ version })));
    });

    it("keeps the search postings in step with the documents through inserts, updates and deletions", async () => {
      const schema = `t${process.pid}_${++counter}`;
      const store = await openPostgresStore(url, { schema });
      const write = (documents: ReturnType<typeof sampleDocument>[], deletions: string[] = []) =>
        store.writeBatch({
          upserts: documents.map((input) => toStoredDocument(toEvidenceDocument(input))),
          deletions,
        });
      const trial = (n: number, title: string) =>
        sampleDocument({ id: `test:${n}`, title, abstract: [{ text: `Bracing and rest in cohort ${n}.` }] });
      await write([
        trial(1, "Spondylolysis in athletes"),
        trial(2, "Pars defects in dancers"),
        trial(3, "Asthma"),
      ]);
      await write([trial(1, "Spondylolysis in adolescent footballers")], ["test:3"]);
      await store.close();
      const pg = await import("pg");
      const client = new pg.default.Client({ connectionString: url });
      await client.connect();
      try {
        // One posting per distinct word of each stored document, and none of a removed or replaced text.
        const expected = await client.query(
          `SELECT u.lexeme, d.rowid::text AS doc FROM ${schema}.documents d, unnest(d.search) u ORDER BY 1, 2`,
        );
        const postings = await client.query(
          `SELECT lexeme, doc::text AS doc FROM ${schema}.search_postings ORDER BY 1, 2`,
        );
        expect(postings.rows).toEqual(expected.rows);
        expect(postings.rows.map((row) => row.lexeme)).toContain("footbal");
        expect(postings.rows.map((row) => row.lexeme)).not.toContain("asthma");
      } finally {
        await client.end();
      }
    });

    it("says clearly when the server cannot be reached", async () => {
      await expect(openPostgresStore("postgres://galen@127.0.0.1:1/galen")).rejects.toThrow(
        /Cannot reach PostgreSQL at 127.0.0.1:1\/galen \(ECONNREFUSED\)/,
      );
    });
  });
}
