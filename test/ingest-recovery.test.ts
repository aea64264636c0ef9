/**
 * Ingest never loses or duplicates stored documents: a malformed or truncated file keeps the complete batches
 * before the bad spot, Ctrl-C and kill -9 leave a sound database that a re-run completes, and a locked or
 * read-only database is reported in one line without touching what it holds.
 */
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { copyFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  expectCleanFailure,
  expectIntactStore,
  type GalenProcess,
  type GalenResult,
  jsonOutput,
  makeTempDir,
  pubmedArticle,
  pubmedXml,
  removeTempDir,
  runGalen,
  startGalen,
  storeFacts,
  writeFixture,
} from "./run-galen.ts";

/** A guard against hangs, not a speed target: each test spawns a few CLIs that share two cores. */
const TIMEOUT_MS = 120_000;

interface IngestJson {
  sources: Array<{ path: string; status: string; records: number; resumedAfter: number }>;
  outcome: { inserted: number; updated: number; unchanged: number; deleted: number };
  interrupted: boolean;
}

let dir: string;

beforeAll(() => {
  dir = makeTempDir();
});

afterAll(() => removeTempDir(dir));

/** Exactly one "galen: " line (other stderr lines may be progress notes), and no stack trace. */
function galenLine(result: GalenResult): string {
  const lines = result.stderr.split("\n").filter((line) => line.startsWith("galen: "));
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  return lines[0] ?? "";
}

describe.concurrent("a malformed XML file", () => {
  const articles = (broken: boolean) =>
    pubmedXml(
      [1, 2, 3, 4, 5, 6, 7].map((pmid) => pubmedArticle(100 + pmid, { broken: broken && pmid === 6 })),
    );

  test(
    "stops at its line and column, keeps the complete batches before it, and fails the same way again",
    async () => {
      const db = join(dir, "malformed.db");
      const text = articles(true);
      const file = writeFixture(dir, "malformed.xml", text);
      const badLine = text.split("\n").findIndex((line) => line.includes("</Langage>")) + 1;
      const ingest = ["ingest", file, "--db", db, "--batch-size", "2"];

      const first = expectCleanFailure(await runGalen([...ingest, "-q"]), {
        mentions: [
          `Malformed XML: ${file}:${badLine}:`,
          /:\d+:\d+: unexpected close tag\. /,
          "Fix or re-download",
        ],
      });
      // Articles 1-4 made two complete batches; article 5 was in the batch that article 6 broke.
      const stats = jsonOutput<{ documents: number }>(await runGalen(["stats", "--db", db, "--json"]));
      expect(stats.documents).toBe(4);
      const facts = expectIntactStore(db, 4);
      expect(facts.checkpoints).toEqual([{ path: file, records_done: 4, complete: 0 }]);

      // The re-run resumes after record 4, meets the same error, and adds nothing twice.
      const second = expectCleanFailure(await runGalen([...ingest, "--json"]), { mentions: [], json: true });
      expect(second).toBe(first);
      expect(expectIntactStore(db, 4).checkpoints).toEqual(facts.checkpoints);

      // The repaired file is new bytes (a new checksum): read from the start, the first four are unchanged.
      writeFixture(dir, "malformed.xml", articles(false));
      const fixed = jsonOutput<IngestJson>(await runGalen([...ingest, "--json"]));
      expect(fixed.sources[0]).toMatchObject({ status: "ingested", records: 7, resumedAfter: 0 });
      expect(fixed.outcome).toEqual({ inserted: 3, updated: 0, unchanged: 4, deleted: 0 });
      expectIntactStore(db, 7);
    },
    TIMEOUT_MS,
  );
});

/** Words that do not repeat, so that gzip cannot squeeze the file and a cut really loses citations. */
function noise(seed: number, count: number): string {
  let state = seed;
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    // xorshift32: cheap, deterministic, and never repeats within a file this size.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    words.push(state.toString(36));
  }
  return words.join(" ");
}

test.concurrent(
  "a truncated .gz keeps the complete batches read before the cut, and a re-run adds nothing twice",
  async () => {
    const db = join(dir, "truncated.db");
    const xml = pubmedXml(
      Array.from({ length: 40 }, (_, i) => pubmedArticle(200 + i, { words: noise(i + 1, 80) })),
    );
    const gz = gzipSync(xml);
    const file = writeFixture(dir, "truncated.xml.gz", gz.subarray(0, Math.floor(gz.length / 2)));
    const ingest = ["ingest", file, "--db", db, "--batch-size", "4", "-q"];

    const first = expectCleanFailure(await runGalen(ingest), {
      mentions: [file, "gzip data is truncated or corrupt", "Re-download the file"],
    });
    const kept = storeFacts(db).documents;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(40);
    expect(kept % 4).toBe(0);
    expect(expectIntactStore(db, kept).checkpoints).toEqual([
      { path: file, records_done: kept, complete: 0 },
    ]);

    expect(expectCleanFailure(await runGalen(ingest), { mentions: [] })).toBe(first);
    expectIntactStore(db, kept);
  },
  TIMEOUT_MS,
);

describe.concurrent("an interrupted ingest", () => {
  const CITATIONS = 10_000;
  const BATCH = "250";
  let big = "";

  beforeAll(() => {
    // Tiny citations, one a line: about 100 KB gzipped, two seconds or so to ingest.
    const lines = ['<?xml version="1.0"?>', "<PubmedArticleSet>"];
    for (let pmid = 1_000_001; pmid <= 1_000_000 + CITATIONS; pmid++) {
      lines.push(
        `<PubmedArticle><MedlineCitation><PMID>${pmid}</PMID><Article><Journal><Title>J</Title></Journal>` +
          `<ArticleTitle>Aspirin trial ${pmid}</ArticleTitle><Abstract><AbstractText>Aspirin and stroke.` +
          "</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>",
      );
    }
    lines.push("</PubmedArticleSet>", "");
    big = writeFixture(dir, "big.xml.gz", gzipSync(lines.join("\n")));
  });

  test(
    "Ctrl-C: exit 130 with how to resume, whole batches only, and the re-run completes without duplicates",
    async () => {
      const db = join(dir, "sigint.db");
      const ingest = ["ingest", big, "--db", db, "--batch-size", BATCH];
      const run = startGalen([...ingest, "-q"]);
      await waitForDocuments(db, 1, run);
      run.child.kill("SIGINT");
      const result = await run.result;

      expect(result.code, result.stderr).toBe(130);
      expect(result.stderr).toContain("Stopping after the current batch");
      expect(galenLine(result)).toMatch(/^galen: Interrupted: .*Run the same command again to resume\.$/);
      const saved = Number(result.stdout.match(/big\.xml\.gz: (\d+) records/)?.[1]);
      expect(saved).toBeGreaterThan(0);
      expect(saved).toBeLessThan(CITATIONS);
      expect(saved % Number(BATCH)).toBe(0);
      const facts = expectIntactStore(db, saved);
      expect(facts.checkpoints).toEqual([{ path: big, records_done: saved, complete: 0 }]);

      const resumed = jsonOutput<IngestJson>(await runGalen([...ingest, "--json"]));
      expect(resumed.sources[0]).toMatchObject({
        status: "ingested",
        records: CITATIONS,
        resumedAfter: saved,
      });
      expect(resumed.outcome).toEqual({ inserted: CITATIONS - saved, updated: 0, unchanged: 0, deleted: 0 });
      expect(resumed.interrupted).toBe(false);
      expect(expectIntactStore(db, CITATIONS).checkpoints).toEqual([
        { path: big, records_done: CITATIONS, complete: 1 },
      ]);

      const again = jsonOutput<IngestJson>(await runGalen([...ingest, "--json"]));
      expect(again.sources[0]?.status).toBe("skipped-unchanged");
      expectIntactStore(db, CITATIONS);
    },
    TIMEOUT_MS,
  );

  test(
    "kill -9: the database is sound, and the re-run resumes after the last whole batch",
    async () => {
      const db = join(dir, "sigkill.db");
      const ingest = ["ingest", big, "--db", db, "--batch-size", BATCH, "-q"];
      const run = startGalen(ingest);
      await waitForDocuments(db, 2 * Number(BATCH), run);
      run.child.kill("SIGKILL");
      expect((await run.result).signal).toBe("SIGKILL");

      const facts = storeFacts(db);
      expect(facts.integrity).toBe("ok");
      expect(facts.indexed).toBe(facts.documents);
      expect(facts.documents % Number(BATCH)).toBe(0);
      expect(facts.documents).toBeLessThan(CITATIONS);
      expect(facts.checkpoints).toEqual([{ path: big, records_done: facts.documents, complete: 0 }]);

      const resumed = await runGalen(ingest);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain(
        `${big}: ${CITATIONS} records, resumed after record ${facts.documents}`,
      );
      expect(resumed.stdout).toContain(`${CITATIONS - facts.documents} new, 0 updated, 0 unchanged`);
      expectIntactStore(db, CITATIONS);
    },
    TIMEOUT_MS,
  );

  test(
    "Ctrl-C while waiting for NCBI (--pubmed): exit 130 with one line, nothing written",
    async () => {
      const db = join(dir, "pubmed-interrupt.db");
      // A local E-utilities stand-in that accepts the request and never answers.
      const server = createServer(() => {});
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      const { port } = server.address() as AddressInfo;
      try {
        const requested = once(server, "request");
        const run = startGalen(["ingest", "--pubmed", "aspirin", "--db", db, "-q"], {
          env: { GALEN_EUTILS_URL: `http://127.0.0.1:${port}/` },
        });
        await requested;
        run.child.kill("SIGINT");
        const result = await run.result;
        expect(result.code, result.stderr).toBe(130);
        expect(galenLine(result)).toMatch(/^galen: Interrupted: /);
        expectIntactStore(db, 0);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    },
    TIMEOUT_MS,
  );
});

/** Waits until the running ingest has committed at least `count` documents (it must not exit first). */
async function waitForDocuments(db: string, count: number, run: GalenProcess): Promise<void> {
  let exited = false;
  run.child.once("exit", () => {
    exited = true;
  });
  for (;;) {
    if (exited) throw new Error(`galen exited before ${count} documents were stored: ${await stderrOf(run)}`);
    if (committedDocuments(db) >= count) return;
    await sleep(25);
  }
}

async function stderrOf(run: GalenProcess): Promise<string> {
  const result = await run.result;
  return `exit ${result.code} ${result.signal ?? ""}\n${result.stderr}`;
}

/** Reads the count as another process would; before the schema exists there is nothing to count. */
function committedDocuments(db: string): number {
  try {
    const reader = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (reader.prepare("SELECT count(*) AS n FROM documents").get() as { n: number }).n;
    } finally {
      reader.close();
    }
  } catch {
    return 0;
  }
}

describe.concurrent("a database that cannot be written", () => {
  let seedDb = "";
  let more = "";

  beforeAll(async () => {
    const seed = writeFixture(dir, "seed.xml", pubmedXml([1, 2, 3].map((pmid) => pubmedArticle(300 + pmid))));
    more = writeFixture(dir, "more.xml", pubmedXml([4, 5].map((pmid) => pubmedArticle(300 + pmid))));
    seedDb = join(dir, "seed.db");
    const result = await runGalen(["ingest", seed, "--db", seedDb, "-q"]);
    expect(result.code, result.stderr).toBe(0);
  }, TIMEOUT_MS);

  /** A copy of the seeded corpus (galen checkpointed the WAL into the file when it closed). */
  function seededDb(name: string): string {
    const db = join(dir, name);
    copyFileSync(seedDb, db);
    return db;
  }

  test(
    "locked by another writer: one line naming the file, readers still work, and a later run succeeds",
    async () => {
      const db = seededDb("locked.db");
      const holder = new Database(db);
      holder.exec("BEGIN EXCLUSIVE");
      try {
        // GALEN_BUSY_TIMEOUT_MS keeps galen from waiting the default 5 s for the lock.
        const env = { GALEN_BUSY_TIMEOUT_MS: "100" };
        const [blocked, stats] = await Promise.all([
          runGalen(["ingest", more, "--db", db, "--json"], { env }),
          runGalen(["stats", "--db", db, "--json"], { env }),
        ]);
        expectCleanFailure(blocked, {
          mentions: [`The database ${db} is locked by another process`, "run this again"],
          json: true,
        });
        expect(jsonOutput<{ documents: number }>(stats).documents).toBe(3);
      } finally {
        holder.exec("ROLLBACK");
        holder.close();
      }
      expectIntactStore(db, 3);
      const retried = jsonOutput<IngestJson>(await runGalen(["ingest", more, "--db", db, "--json"]));
      expect(retried.outcome.inserted).toBe(2);
      expectIntactStore(db, 5);
    },
    TIMEOUT_MS,
  );

  test(
    "read-only (an immutable file, since root ignores permissions): one line, and search still works",
    async (context) => {
      const db = seededDb("read-only.db");
      const chattr = spawnSync("chattr", ["+i", db], { encoding: "utf8" });
      if (chattr.error || chattr.status !== 0) {
        context.skip(`chattr +i is not available here: ${chattr.error?.message ?? chattr.stderr.trim()}`);
      }
      try {
        const [blocked, search] = await Promise.all([
          runGalen(["ingest", more, "--db", db, "-q"]),
          runGalen(["search", "--db", db, "--json", "aspirin"]),
        ]);
        expectCleanFailure(blocked, { mentions: [`The database ${db} is read-only`, "--db"] });
        expect(jsonOutput<{ results: unknown[] }>(search).results).toHaveLength(3);
      } finally {
        spawnSync("chattr", ["-i", db]);
      }
      expectIntactStore(db, 3);
    },
    TIMEOUT_MS,
  );
});
