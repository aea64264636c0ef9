import { describe, expect, inject, it } from "vitest";
import { postgresMissing } from "../../../test/postgres-server.ts";
import { describeAccountStoreConformance } from "../conformance/account-store.conformance.ts";
import { describeArticleStoreConformance } from "../conformance/article-store.conformance.ts";
import { describeCorpusStoreConformance } from "../conformance/corpus-store.conformance.ts";
import { describeThreadStoreConformance } from "../conformance/thread-store.conformance.ts";
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

    it("says clearly when the server cannot be reached", async () => {
      await expect(openPostgresStore("postgres://galen@127.0.0.1:1/galen")).rejects.toThrow(
        /Cannot reach PostgreSQL at 127.0.0.1:1\/galen \(ECONNREFUSED\)/,
      );
    });
  });
}
