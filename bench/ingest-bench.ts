import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadXmlTemplate, writeXmlGz, type XmlTemplate } from "./build-inputs.ts";
import { type RssMethod, runMeasured } from "./measure.ts";
import { inBenchSchema, schemaBytes } from "./postgres-schema.ts";
import { step, ticker } from "./progress.ts";
import type { SharedData } from "./shared-data.ts";

export interface IngestRun {
  citations: number;
  compressedBytes: number;
  uncompressedBytes: number;
  /** Spawn to exit of `galen ingest`, start-up included. */
  wallMs: number;
  /** The CLI's own elapsedMs (reading and writing only). */
  cliElapsedMs: number;
  inserted: number;
  citationsPerSecond: number;
  compressedMBPerSecond: number;
  peakRssBytes: number | null;
  rssMethod: RssMethod;
  databaseBytes: number;
}

export const INGEST_TARGETS = { citationsPerSecond: 5_000, peakRssBytes: 300 * 1_048_576 };

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
const MB = 1_048_576;

/** Where an ingest writes: a SQLite file, or a PostgreSQL database (in the bench's schema). */
type IngestTarget = { db: string } | { databaseUrl: string; schema: string };

/**
 * Ingests a quarter-size file and the full-size one, each into a fresh SQLite database (peak RSS should not grow),
 * and with a PostgreSQL URL the full-size file into PostgreSQL too.
 */
export async function benchIngest(
  data: SharedData,
  citations: number,
  work: string,
  databaseUrl?: string,
): Promise<{ sqlite: IngestRun[]; postgres?: IngestRun }> {
  const template = await loadXmlTemplate(data.pubmedXml);
  const quarter = Math.max(1, Math.round(citations / 4));
  const small = await buildXml(template, quarter, join(work, "bench-quarter.xml.gz"));
  const sqlite = [await ingestOnce(small, quarter, { db: join(work, "bench-quarter.db") })];
  const full = await buildXml(template, citations, join(work, "bench.xml.gz"));
  sqlite.push(await ingestOnce(full, citations, { db: join(work, "bench.db") }));
  if (!databaseUrl) return { sqlite };
  const postgres = await inBenchSchema(databaseUrl, "ingest", (schema) =>
    ingestOnce(full, citations, { databaseUrl, schema }),
  );
  return { sqlite, postgres };
}

interface XmlInput {
  path: string;
  compressedBytes: number;
  uncompressedBytes: number;
}

async function buildXml(template: XmlTemplate, citations: number, path: string): Promise<XmlInput> {
  const progress = step(`build ${path.split("/").at(-1)}`, citations, "citations");
  const xml = await writeXmlGz(template, citations, path, (done) => progress.update(done));
  progress.finish(
    `${citations.toLocaleString("en-US")} citations, ${(xml.compressedBytes / MB).toFixed(1)} MB`,
  );
  return xml;
}

async function ingestOnce(xml: XmlInput, citations: number, target: IngestTarget): Promise<IngestRun> {
  const into = "db" in target ? ["--db", target.db] : ["--database-url", target.databaseUrl];
  const wait = ticker(`galen ingest into ${"db" in target ? "SQLite" : "PostgreSQL"}`);
  const run = await runMeasured(
    process.execPath,
    ["bin/galen.js", "ingest", xml.path, ...into, "-q", "--json"],
    PROJECT_ROOT,
  );
  if (run.exitCode !== 0) {
    wait.stop("failed");
    throw new Error(`galen ingest exited with ${run.exitCode}:\n${run.stderr}${run.stdout}`);
  }
  const summary = cliSummary(run.stdout);
  const seconds = run.wallMs / 1000;
  wait.stop(`${summary.inserted.toLocaleString("en-US")} inserted in ${seconds.toFixed(1)} s`);
  return {
    citations,
    compressedBytes: xml.compressedBytes,
    uncompressedBytes: xml.uncompressedBytes,
    wallMs: run.wallMs,
    cliElapsedMs: summary.elapsedMs,
    inserted: summary.inserted,
    citationsPerSecond: summary.inserted / seconds,
    compressedMBPerSecond: xml.compressedBytes / MB / seconds,
    peakRssBytes: run.peakRssBytes,
    rssMethod: run.rssMethod,
    databaseBytes:
      "db" in target
        ? fileSize(target.db) + fileSize(`${target.db}-wal`)
        : await schemaBytes(target.databaseUrl, target.schema),
  } satisfies IngestRun;
}

/** The few fields of `galen ingest --json` the bench reads. */
function cliSummary(stdout: string): { inserted: number; elapsedMs: number } {
  const parsed = JSON.parse(stdout) as { outcome?: { inserted?: unknown }; elapsedMs?: unknown };
  const inserted = parsed.outcome?.inserted;
  const elapsedMs = parsed.elapsedMs;
  if (typeof inserted !== "number" || typeof elapsedMs !== "number") {
    throw new Error(`galen ingest --json printed an unexpected summary:\n${stdout}`);
  }
  return { inserted, elapsedMs };
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}
