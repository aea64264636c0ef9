// `npm run bench`: ingest throughput and memory, and search latency, measured on inputs resampled from the
// real shared data. Options: npm run bench -- --help
import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type BenchOptions, parseBenchArgs, USAGE } from "./args.ts";
import { benchIngest } from "./ingest-bench.ts";
import { describeMachine, loadAverage1m } from "./machine.ts";
import { note } from "./progress.ts";
import { type BenchReport, formatReport, judgeIngest, judgeSearch, judgeWeb } from "./report.ts";
import { benchSearch } from "./search-bench.ts";
import { locateSharedData, type SharedData, sharedDataRoot } from "./shared-data.ts";
import { benchWeb } from "./web-bench.ts";

async function main(): Promise<number> {
  const started = performance.now();
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const data = locateSharedData(sharedDataRoot());
  if ("missing" in data) {
    // Not a failure: a checkout without the shared data simply has nothing to measure.
    if (options.json) process.stdout.write(`${JSON.stringify({ skipped: true, reason: data.missing })}\n`);
    else process.stdout.write(data.missing);
    return 0;
  }
  const work = await mkdtemp(join(tmpdir(), "galen-bench-"));
  const cleanUp = () => {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  };
  // The generated inputs are hundreds of MB: remove them on Ctrl-C too.
  process.once("SIGINT", () => {
    cleanUp();
    process.exit(130);
  });
  try {
    const report = await measure(data, options, work);
    report.runSeconds = (performance.now() - started) / 1000;
    if (options.keep) report.tempDir = work;
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  } catch (error) {
    process.stderr.write(
      `bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
    );
    return 1;
  } finally {
    cleanUp();
    if (options.keep) note(`bench: kept ${work}`);
  }
  return 0;
}

async function measure(data: SharedData, options: BenchOptions, work: string): Promise<BenchReport> {
  note(
    `bench: ${options.ingestDocs} citations to ingest, ${options.searchDocs} documents to search; in ${work}`,
  );
  const date = new Date().toISOString();
  const machine = describeMachine();
  const ingest = judgeIngest(await benchIngest(data, options.ingestDocs, work));
  const search = judgeSearch(await benchSearch(data, options.searchDocs, work));
  const searchPostgres = options.databaseUrl
    ? judgeSearch(await benchPostgresSearch(data, options.searchDocs, work, options.databaseUrl))
    : undefined;
  // The web app serves the search benchmark's database, so its figures are at the same corpus size.
  const web = judgeWeb(await benchWeb(data, work));
  machine.loadAverage.end = loadAverage1m();
  return {
    date,
    machine,
    options: { ingestDocs: options.ingestDocs, searchDocs: options.searchDocs, quick: options.quick },
    ingest,
    search,
    ...(searchPostgres ? { searchPostgres } : {}),
    web,
    runSeconds: 0,
  };
}

/** The same search benchmark on PostgreSQL, in a schema made for the run and dropped after it. */
async function benchPostgresSearch(data: SharedData, documents: number, work: string, url: string) {
  const schema = `galen_bench_${process.pid}`;
  process.env.GALEN_DATABASE_SCHEMA = schema;
  try {
    return await benchSearch(data, documents, work, url);
  } finally {
    delete process.env.GALEN_DATABASE_SCHEMA;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

process.exitCode = await main();
