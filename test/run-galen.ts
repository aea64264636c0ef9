/**
 * End-to-end helpers: run the real CLI (`node bin/galen.js`) in a child process, build small input files in a
 * temp folder, and look inside the SQLite file the CLI wrote.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { expect } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const GALEN = join(ROOT, "bin", "galen.js");

export interface GalenResult {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface GalenRunOptions {
  /** Default: the OS temp folder. */
  cwd?: string;
  /** Added to a clean environment (the caller's GALEN_* and NCBI settings are dropped). */
  env?: Record<string, string>;
  /** The process is killed after this long, so a hang fails the test instead of stalling the suite. */
  timeoutMs?: number;
}

export interface GalenProcess {
  child: ChildProcess;
  result: Promise<GalenResult>;
}

/** Variables that would point a test's galen at someone's real corpus or at NCBI. */
const OUTSIDE_SETTINGS = ["GALEN_DB", "GALEN_DATABASE_URL", "GALEN_EUTILS_URL", "NCBI_API_KEY"];

export function startGalen(args: readonly string[], options: GalenRunOptions = {}): GalenProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const name of OUTSIDE_SETTINGS) if (!options.env?.[name]) delete env[name];
  const child = spawn(process.execPath, [GALEN, ...args], {
    // Not the project folder: a run that forgot --db must not write ./data/galen.db there.
    cwd: options.cwd ?? tmpdir(),
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const result = new Promise<GalenResult>((resolvePromise, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr?.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`galen ${args.join(" ")} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
  return { child, result };
}

export function runGalen(args: readonly string[], options: GalenRunOptions = {}): Promise<GalenResult> {
  return startGalen(args, options).result;
}

/** A fresh folder under the OS temp dir; remove it with `removeTempDir` in afterEach/afterAll. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), "galen-e2e-"));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface ArticleOptions {
  /** Spell the closing tag of <Language> wrong, which makes the XML malformed inside this article. */
  broken?: boolean;
  /** Extra abstract words (varied text keeps gzip from shrinking the file to almost nothing). */
  words?: string;
}

/**
 * One small PubMed citation spread over several lines (so errors have a real line and column). Every article
 * mentions "aspirin": tests count index entries with it.
 */
export function pubmedArticle(pmid: number, options: ArticleOptions = {}): string {
  const language = options.broken ? "<Language>eng</Langage>" : "<Language>eng</Language>";
  return [
    "  <PubmedArticle>",
    '    <MedlineCitation Status="MEDLINE" Owner="NLM">',
    `      <PMID Version="1">${pmid}</PMID>`,
    '      <Article PubModel="Print">',
    "        <Journal>",
    "          <JournalIssue><PubDate><Year>2020</Year><Month>Mar</Month></PubDate></JournalIssue>",
    "          <Title>Journal of Test Medicine</Title>",
    "        </Journal>",
    `        <ArticleTitle>Aspirin for stroke prevention, trial ${pmid}</ArticleTitle>`,
    "        <Abstract>",
    `          <AbstractText>Low-dose aspirin lowered stroke risk in cohort ${pmid}. ${options.words ?? ""}</AbstractText>`,
    "        </Abstract>",
    `        ${language}`,
    "      </Article>",
    "    </MedlineCitation>",
    "  </PubmedArticle>",
    "",
  ].join("\n");
}

export function pubmedXml(articles: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n${articles.join("")}</PubmedArticleSet>\n`;
}

/** Writes `content` to `dir/name` and returns the full path. */
export function writeFixture(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export interface StoreFacts {
  documents: number;
  /** Full-text index entries for "aspirin", which every fixture article contains: equals `documents` unless the
   * index holds duplicates or lost entries. */
  indexed: number;
  integrity: string;
  checkpoints: Array<{ path: string; records_done: number; complete: number }>;
}

/** Opens the database the CLI wrote (after the CLI has exited) and reports what is in it. */
export function storeFacts(dbPath: string): StoreFacts {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const integrity = (db.pragma("integrity_check") as Array<{ integrity_check: string }>)
      .map((row) => row.integrity_check)
      .join("; ");
    return {
      documents: count("SELECT count(*) AS n FROM documents"),
      indexed: count("SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH 'aspirin'"),
      integrity,
      checkpoints: db
        .prepare("SELECT path, records_done, complete FROM source_checkpoints ORDER BY path")
        .all() as StoreFacts["checkpoints"],
    };
  } finally {
    db.close();
  }
}

/** The database is whole (integrity ok), holds `documents` documents, and the index has each exactly once. */
export function expectIntactStore(dbPath: string, documents: number): StoreFacts {
  const facts = storeFacts(dbPath);
  expect(facts.integrity).toBe("ok");
  expect(facts.documents).toBe(documents);
  expect(facts.indexed).toBe(documents);
  return facts;
}

export interface CleanFailure {
  /** What the one line must say: the file it is about, what is wrong, what to do. */
  mentions: ReadonlyArray<string | RegExp>;
  /** The run had --json: stdout must then be exactly a JSON object with an `error` string. */
  json?: boolean;
}

/**
 * The contract for a problem the user can fix: a non-zero exit, exactly one stderr line that starts with
 * "galen: ", no stack trace, and with --json a JSON error on stdout. Returns the message (without "galen: ").
 */
export function expectCleanFailure(result: GalenResult, expected: CleanFailure): string {
  const context = `exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
  expect(result.signal, context).toBeNull();
  expect(result.code, context).not.toBe(0);
  const lines = result.stderr.split("\n").filter((line) => line.trim() !== "");
  expect(lines, context).toHaveLength(1);
  const line = lines[0] ?? "";
  expect(line, context).toMatch(/^galen: \S/);
  expect(result.stderr, context).not.toMatch(/^\s+at /m);
  expect(result.stderr, context).not.toMatch(/SqliteError|TypeError|ReferenceError|node:internal/);
  const message = line.slice("galen: ".length);
  for (const mention of expected.mentions) {
    if (typeof mention === "string") expect(message, context).toContain(mention);
    else expect(message, context).toMatch(mention);
  }
  if (expected.json) {
    const parsed: unknown = JSON.parse(result.stdout);
    expect(parsed, context).toEqual({ error: message });
  } else {
    expect(result.stdout, context).toBe("");
  }
  return message;
}

/** Parses --json output of a successful run. */
export function jsonOutput<T>(result: GalenResult): T {
  expect(result.code, `exit ${result.code}\nstderr: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as T;
}
