/**
 * Every bad input to `galen ingest` and `galen search` ends in one clear line (what is wrong, what to do), a
 * non-zero exit where it is an error, and a database that is exactly as it was before.
 */
import { copyFileSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  expectCleanFailure,
  expectIntactStore,
  type GalenResult,
  jsonOutput,
  makeTempDir,
  pubmedArticle,
  pubmedXml,
  removeTempDir,
  runGalen,
  startGalen,
  writeFixture,
} from "./run-galen.ts";

/** A guard against hangs: each CLI takes about a second to start, longer when tests share two cores. */
const TIMEOUT_MS = 90_000;

let dir: string;
let seedDb: string;
const SEED_DOCUMENTS = 3;

beforeAll(async () => {
  dir = makeTempDir();
  seedDb = join(dir, "seed.db");
  const seed = writeFixture(dir, "seed.xml", pubmedXml([1, 2, 3].map((pmid) => pubmedArticle(pmid))));
  const result = await runGalen(["ingest", seed, "--db", seedDb, "--json"]);
  expect(jsonOutput<{ outcome: { inserted: number } }>(result).outcome.inserted).toBe(SEED_DOCUMENTS);
}, TIMEOUT_MS);

afterAll(() => removeTempDir(dir));

/** A private copy of the seeded corpus, so concurrent cases cannot see each other's writes. */
function corpusCopy(name: string): string {
  const path = join(dir, `${name}.db`);
  copyFileSync(seedDb, path);
  return path;
}

interface IngestCase {
  name: string;
  /** Builds the fixture in `dir` and returns the arguments after `ingest` (without --db). */
  args: () => string[];
  /** What the line must say; functions are resolved after `args` built the fixture. */
  mentions: () => Array<string | RegExp>;
  json?: boolean;
}

let latin1Path = "";
let latin1BadByte = -1;

const INGEST_CASES: IngestCase[] = [
  {
    name: "an empty file",
    args: () => [writeFixture(dir, "empty.xml", "")],
    mentions: () => [join(dir, "empty.xml"), "is empty (0 bytes)", "Re-download or remove it"],
  },
  {
    name: "XML that is not PubMed XML",
    args: () => [writeFixture(dir, "page.xml", "<html><body><p>Not a citation</p></body></html>\n")],
    mentions: () => [join(dir, "page.xml"), "root element <html> is not PubMed XML", "--format"],
  },
  {
    name: "PubMed XML read with the wrong --format",
    args: () => ["--format", "jsonl", writeFixture(dir, "citations.xml", pubmedXml([pubmedArticle(10)]))],
    mentions: () => [
      join(dir, "citations.xml"),
      "line 1: not valid JSON",
      "Each line must be one JSON object",
    ],
    json: true,
  },
  {
    name: "a name that does not tell the format",
    args: () => [writeFixture(dir, "notes.txt", "aspirin\n")],
    mentions: () => [join(dir, "notes.txt"), "cannot tell the format", "Pass --format with one of"],
  },
  {
    name: "non-UTF-8 (Latin-1) bytes",
    args: () => {
      const text = pubmedXml([pubmedArticle(20, { words: "Café au lait spots, naïve cohort." })]);
      const bytes = Buffer.from(text, "latin1");
      latin1BadByte = bytes.indexOf(0xe9);
      latin1Path = writeFixture(dir, "latin1.xml", bytes);
      return [latin1Path];
    },
    mentions: () => [
      latin1Path,
      `not valid UTF-8 text near byte ${latin1BadByte}`,
      "Convert the file to UTF-8",
    ],
    json: true,
  },
  {
    name: "a truncated .gz",
    args: () => {
      const gz = gzipSync(pubmedXml([30, 31, 32, 33].map((pmid) => pubmedArticle(pmid))));
      return [writeFixture(dir, "cut.xml.gz", gz.subarray(0, Math.floor(gz.length / 2)))];
    },
    mentions: () => [join(dir, "cut.xml.gz"), "gzip data is truncated or corrupt", "Re-download the file"],
  },
  {
    name: "an unknown --format",
    args: () => ["--format", "tsv", join(dir, "seed.xml")],
    mentions: () => ["'tsv' is invalid", "Allowed choices are pubmed-xml, beir, jsonl, pubmedqa", "--help"],
  },
  {
    name: "a misspelt option",
    args: () => ["--bach-size", "2", join(dir, "seed.xml")],
    mentions: () => ["unknown option '--bach-size'", "Did you mean --batch-size?", "galen ingest --help"],
  },
  {
    name: "a missing path",
    args: () => [join(dir, "no-such-file.xml.gz")],
    mentions: () => [join(dir, "no-such-file.xml.gz"), "no such file or folder", "Check the path"],
    json: true,
  },
];

describe.concurrent("galen ingest: each bad input gets one clear line and the corpus is untouched", () => {
  for (const ingestCase of INGEST_CASES) {
    test(
      ingestCase.name,
      async () => {
        const db = corpusCopy(ingestCase.name.replace(/\W+/g, "-"));
        const args = ingestCase.args();
        const result = await runGalen([
          "ingest",
          ...args,
          "--db",
          db,
          ...(ingestCase.json ? ["--json"] : ["-q"]),
        ]);
        expectCleanFailure(result, { mentions: ingestCase.mentions(), json: ingestCase.json === true });
        expectIntactStore(db, SEED_DOCUMENTS);
      },
      TIMEOUT_MS,
    );
  }

  test(
    "--db pointing at a file that is not a database leaves that file alone",
    async () => {
      const notDb = writeFixture(dir, "notes.db", "my notes, not a database\n");
      const result = await runGalen(["ingest", join(dir, "seed.xml"), "--db", notDb, "--json"]);
      expectCleanFailure(result, { mentions: [notDb, "is not a SQLite database", "--db"], json: true });
      expect(readFileSync(notDb, "utf8")).toBe("my notes, not a database\n");
    },
    TIMEOUT_MS,
  );

  test(
    "--db inside a path whose folder cannot be created",
    async () => {
      const inTheWay = writeFixture(dir, "in-the-way", "a file where a folder should be\n");
      const db = join(inTheWay, "corpus.db");
      const result = await runGalen(["stats", "--db", db]);
      expectCleanFailure(result, { mentions: [db, "Cannot create the folder", "--db"] });
    },
    TIMEOUT_MS,
  );

  test(
    "--pubmed with NCBI unreachable (a closed local port)",
    async () => {
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}/entrez/eutils/`;
      const db = corpusCopy("pubmed-offline");
      const started = performance.now();
      // The client retries network errors 4 times with back-off (0.5 + 1 + 2 + 4 s): about 8 s in all.
      const result = await runGalen(["ingest", "--pubmed", "aspirin stroke", "--db", db, "--json"], {
        env: { GALEN_EUTILS_URL: url },
      });
      expectCleanFailure(result, {
        mentions: [`Cannot reach NCBI E-utilities at ${url}`, "ECONNREFUSED", "Check the network"],
        json: true,
      });
      expect(performance.now() - started).toBeLessThan(30_000);
      expectIntactStore(db, SEED_DOCUMENTS);
    },
    TIMEOUT_MS,
  );
});

/** A port on loopback that nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

interface SearchJson {
  query: string;
  terms: string[];
  results: Array<{ id: string; rank: number }>;
  notice?: string;
}

type SearchExpectation = "results" | "empty-notice" | "no-words-notice";

interface SearchCase {
  name: string;
  words: string[];
  expect: SearchExpectation;
  /** Run with --json (one mode per case keeps the suite fast; both modes share the code path). */
  json?: boolean;
}

const SEARCH_CASES: SearchCase[] = [
  { name: "an empty query", words: [""], expect: "empty-notice" },
  { name: "only stop words", words: ["the", "of", "and", "with", "what", "is"], expect: "no-words-notice" },
  { name: "an FTS5 NEAR( group", words: ["NEAR(aspirin", "stroke,", "5)"], expect: "results", json: true },
  { name: "a lone double quote", words: ['"'], expect: "no-words-notice" },
  { name: "unbalanced quotes", words: ['"aspirin', "stroke"], expect: "results" },
  { name: "a -x exclusion after --", words: ["--", "-aspirin"], expect: "results", json: true },
  { name: "a prefix a*", words: ["aspirin*", "a*"], expect: "results" },
  { name: "a column filter title:x", words: ["title:stroke"], expect: "results" },
  {
    name: "parentheses and boolean operators",
    words: ["(aspirin", "AND", "(NOT", "stroke))"],
    expect: "results",
    json: true,
  },
  {
    name: "a 10,000-character query",
    words: ["aspirin stroke ".repeat(700).slice(0, 10_000)],
    expect: "results",
  },
  {
    name: "emoji and control characters",
    words: ["aspirin \u0007\u001b[31m💊 stroke\u200b\u007f"],
    expect: "results",
  },
];

describe.concurrent("galen search: any text gives results or a clear message", () => {
  let searchDb = "";
  beforeAll(() => {
    searchDb = corpusCopy("search");
  });

  for (const searchCase of SEARCH_CASES) {
    test(
      searchCase.name,
      async () => {
        if (!searchCase.json) {
          expectCleanSearch(
            await runGalen(["search", "--db", searchDb, ...searchCase.words]),
            searchCase.expect,
          );
          return;
        }
        const result = await runGalen(["search", "--db", searchDb, "--json", "-k", "5", ...searchCase.words]);
        const outcome = jsonOutput<SearchJson>(result);
        expect(result.stderr).toBe("");
        if (searchCase.expect === "results") expect(outcome.results.length).toBeGreaterThan(0);
        else expect(outcome.results).toEqual([]);
        if (searchCase.expect === "results") expect(outcome.notice).toBeUndefined();
        else expect(outcome.notice).toMatch(/^The query/);
      },
      TIMEOUT_MS,
    );
  }

  test(
    "a word starting with - is read as an option: one line that says to put -- first",
    async () => {
      const result = await runGalen(["search", "--db", searchDb, "aspirin", "-warfarin"]);
      expectCleanFailure(result, {
        mentions: [
          "unknown option '-warfarin'",
          'starts with "-", put -- before it: galen search -- -warfarin',
        ],
      });
      expectIntactStore(searchDb, SEED_DOCUMENTS);
    },
    TIMEOUT_MS,
  );
});

test(
  "a reader that closes the output early (galen … | head) ends the run quietly, without a stack trace",
  async () => {
    const galen = startGalen(["eval", "beir", "--help"]);
    galen.child.stdout?.destroy();
    const result = await galen.result;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
  },
  TIMEOUT_MS,
);

function expectCleanSearch(result: GalenResult, expectation: SearchExpectation): void {
  const context = `exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
  expect(result.code, context).toBe(0);
  // The one line a search prints on stderr says that it is lexical (no embedding model is configured here).
  expect(result.stderr, context).toBe(
    "Lexical search (no embedding model configured; see galen embed --help).\n",
  );
  expect(result.stdout, context).not.toMatch(/SQLITE|fts5|syntax error|Error:/i);
  const lines = result.stdout.trimEnd().split("\n");
  switch (expectation) {
    case "results":
      expect(result.stdout, context).toMatch(/^1\. Aspirin for stroke prevention/);
      expect(result.stdout, context).toContain("pubmed:");
      break;
    case "empty-notice":
      expect(lines, context).toEqual(["The query is empty. Type a question or some medical terms."]);
      break;
    case "no-words-notice":
      expect(lines, context).toHaveLength(1);
      expect(lines[0], context).toMatch(/^The query has no searchable words .*Add a medical term\.$/);
      break;
  }
}
