import { describe, expect, inject, it } from "vitest";
import { postgresMissing } from "../../../test/postgres-server.ts";
import { toEvidenceDocument } from "../../evidence/index.ts";
import { describeAccountStoreConformance } from "../conformance/account-store.conformance.ts";
import { describeArticleStoreConformance } from "../conformance/article-store.conformance.ts";
import { describeCorpusStoreConformance, sampleDocument } from "../conformance/corpus-store.conformance.ts";
import { describeEvidenceLevelMigrationConformance } from "../conformance/evidence-level-migration.conformance.ts";
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
  const schemaOf = new WeakMap<object, string>();
  const openKnown = async () => {
    const schema = `t${process.pid}_${++counter}`;
    const store = await openPostgresStore(url, { schema });
    schemaOf.set(store, schema);
    return store;
  };
  describeEvidenceLevelMigrationConformance("PostgreSQL", openKnown, async (store) => {
    const schema = schemaOf.get(store) ?? "";
    await store.close();
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: url });
    await client.connect();
    await client.query(`DELETE FROM ${schema}.schema_migrations WHERE version = 8`);
    await client.end();
    return openPostgresStore(url, { schema });
  });

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

    it("keeps the search postings and counts in step with the documents through inserts, updates and deletions", async () => {
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
        // Each word's document count, and the corpus's size and length, as counting them now would find.
        const counts = await client.query(
          `SELECT lexeme, documents::int AS n, title::int, abstract::int, mesh::int, keywords::int
           FROM ${schema}.search_terms WHERE documents <> 0 ORDER BY 1`,
        );
        const inField = (label: string) => `(count(*) FILTER (WHERE '${label}' = ANY(u.weights)))::int`;
        const recounted = await client.query(
          `SELECT u.lexeme, count(*)::int AS n, ${inField("A")} AS title, ${inField("B")} AS abstract,
             ${inField("C")} AS mesh, ${inField("D")} AS keywords
           FROM ${schema}.documents d, unnest(d.search) u GROUP BY 1 ORDER BY 1`,
        );
        expect(counts.rows).toEqual(recounted.rows);
        expect(counts.rows).toContainEqual({
          lexeme: "cohort",
          n: 2,
          title: 0,
          abstract: 2,
          mesh: 0,
          keywords: 0,
        });
        expect(counts.rows).toContainEqual({
          lexeme: "footbal",
          n: 1,
          title: 1,
          abstract: 0,
          mesh: 0,
          keywords: 0,
        });
        const corpus = await client.query(
          `SELECT documents::int AS n, total_length::int AS length FROM ${schema}.search_corpus`,
        );
        const measured = await client.query(
          `SELECT count(*)::int AS n, sum(length)::int AS length FROM ${schema}.documents`,
        );
        expect(corpus.rows).toEqual(measured.rows);
        expect(corpus.rows[0]?.n).toBe(2);
      } finally {
        await client.end();
      }
    });

    it("ranks a phrase whose words are too common to count it exactly", async () => {
      const store = await open();
      try {
        // 2,100 documents hold both words, past the exact-count limit; 40 hold them as the phrase.
        const documents = Array.from({ length: 2_100 }, (_, n) =>
          sampleDocument({
            id: `test:${n}`,
            title:
              n < 40 ? `Chronic heart failure in cohort ${n}` : `Heart rate and renal failure in cohort ${n}`,
          }),
        );
        await store.writeBatch({
          upserts: documents.map((input) => toStoredDocument(toEvidenceDocument(input))),
          deletions: [],
        });
        const hits = await store.searchLexical(
          { terms: ["cohort"], expansions: [{ terms: ["heart failure"], weight: 1 }] },
          { limit: 40 },
        );
        expect(hits).toHaveLength(40);
        expect(hits.every((hit) => hit.title.startsWith("Chronic heart failure"))).toBe(true);
      } finally {
        await store.close();
      }
    });

    it("gives a corpus write longer than the statement timeout that protects searches", async () => {
      const schema = `t${process.pid}_${++counter}`;
      await (await openPostgresStore(url, { schema })).close();
      const store = await openPostgresStore(url, { schema, statementTimeoutMs: 200 });
      const pg = await import("pg");
      const holder = new pg.default.Client({ connectionString: url });
      await holder.connect();
      try {
        // Another writer holds the corpus counts for 1 s: the batch's INSERT waits for it past the 200 ms timeout.
        await holder.query("BEGIN");
        await holder.query(`UPDATE ${schema}.search_corpus SET documents = documents`);
        const release = new Promise((resolve) => setTimeout(resolve, 1_000)).then(() =>
          holder.query("COMMIT"),
        );
        const outcome = await store.writeBatch({
          upserts: [
            toStoredDocument(toEvidenceDocument(sampleDocument({ id: "test:1", title: "Spondylolysis" }))),
          ],
          deletions: [],
        });
        await release;
        expect(outcome.inserted).toBe(1);
        // Searches keep the configured timeout.
        await expect(store.searchLexical({ terms: ["spondylolysis"] }, { limit: 5 })).resolves.toHaveLength(
          1,
        );
      } finally {
        await holder.end();
        await store.close();
      }
    });

    it("says clearly when the server cannot be reached", async () => {
      await expect(openPostgresStore("postgres://galen@127.0.0.1:1/galen")).rejects.toThrow(
        /Cannot reach PostgreSQL at 127.0.0.1:1\/galen \(ECONNREFUSED\)/,
      );
    });
  });
}
