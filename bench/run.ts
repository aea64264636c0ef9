// `npm run bench`: ingest throughput and memory, and search latency, measured on inputs resampled from the
// real shared data. Options: npm run bench -- --help
import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchOptions, parseBenchArgs, USAGE } from "./args.ts";
import { benchAskThroughput } from "./cluster-bench.ts";
import { measureFts5Costs } from "./fts5-costs.ts";
import { benchIngest } from "./ingest-bench.ts";
import { describeMachine, loadAverage1m } from "./machine.ts";
import { inBenchSchema } from "./postgres-schema.ts";
import { note } from "./progress.ts";
import { type BenchReport, formatReport, judgeIngest, judgeSearch, judgeWeb } from "./report.ts";
import { benchSearch } from "./search-bench.ts";
import { loadQueries } from "./search-corpus.ts";
import { locateSharedData, type SharedData, sharedDataRoot } from "./shared-data.ts";
import { benchWeb } from "./web-bench.ts";

/** The throughput runs ask PubMedQA questions from here on: not those the search and web runs asked. */
const ASK_THROUGHPUT_FROM = 200;

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
  const url = options.databaseUrl;
  note(
    `bench: ${options.ingestDocs} citations to ingest, ${options.searchDocs.join(" and ")} documents to search` +
      `${url ? ", on SQLite and PostgreSQL" : ""}; in ${work}`,
  );
  const date = new Date().toISOString();
  const machine = describeMachine();
  const ingested = await benchIngest(data, options.ingestDocs, work, url);
  const search: BenchReport["search"] = [];
  let web: BenchReport["web"] | undefined;
  let throughput: BenchReport["throughput"] = [];
  const { pubmedQa } = await loadQueries(data);
  const askedByServers = pubmedQa.slice(ASK_THROUGHPUT_FROM);
  for (const [index, documents] of options.searchDocs.entries()) {
    const db = join(work, `search-${documents}.db`);
    search.push({
      engine: "SQLite",
      ...judgeSearch(await benchSearch(data, documents, { db }, options.queries)),
      fts5: measureFts5Costs(db),
    });
    if (url) {
      await inBenchSchema(url, `search_${documents}`, async (schema) => {
        search.push({
          engine: "PostgreSQL",
          ...judgeSearch(await benchSearch(data, documents, { databaseUrl: url }, options.queries)),
        });
        if (index === 0) {
          throughput.push({
            engine: "PostgreSQL",
            documents,
            runs: await benchAskThroughput(
              "PostgreSQL",
              { args: ["--database-url", url], env: { GALEN_DATABASE_SCHEMA: schema } },
              askedByServers,
            ),
          });
        }
      });
    }
    if (index === 0) {
      // The web app and the throughput runs use the first size's SQLite database.
      web = judgeWeb(await benchWeb(data, db));
      throughput = [
        {
          engine: "SQLite",
          documents,
          runs: await benchAskThroughput("SQLite", { args: ["--db", db] }, askedByServers),
        },
        ...throughput,
      ];
    }
  }
  machine.loadAverage.end = loadAverage1m();
  return {
    date,
    machine,
    options: {
      ingestDocs: options.ingestDocs,
      searchDocs: options.searchDocs,
      quick: options.quick,
      ...(options.queries ? { queries: options.queries } : {}),
    },
    ingest: judgeIngest(ingested.sqlite),
    ...(ingested.postgres ? { ingestPostgres: ingested.postgres } : {}),
    search,
    ...(web ? { web } : {}),
    throughput,
    runSeconds: 0,
  };
}

process.exitCode = await main();
