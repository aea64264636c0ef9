import type { ThroughputRun } from "./cluster-bench.ts";
import type { Fts5Costs } from "./fts5-costs.ts";
import { INGEST_TARGETS, type IngestRun } from "./ingest-bench.ts";
import type { Machine } from "./machine.ts";
import type { QueryTiming } from "./measure.ts";
import { ASK_TARGETS, SEARCH_TARGETS, type SearchFigures } from "./search-bench.ts";
import { WEB_TARGETS, type WebFigures } from "./web-bench.ts";

export interface BenchReport {
  date: string;
  machine: Machine;
  options: { ingestDocs: number; searchDocs: number[]; quick: boolean; queries?: number };
  ingest: {
    runs: IngestRun[];
    targets: typeof INGEST_TARGETS;
    /** Judged on the full-size run for speed, on every run for memory. */
    meets: { citationsPerSecond: boolean; peakRss: boolean };
  };
  /** The full-size file ingested into PostgreSQL, with --database-url. */
  ingestPostgres?: IngestRun;
  /** Each corpus size on SQLite (with what FTS5 spends per match), and on PostgreSQL with --database-url. */
  search: Array<{ engine: Engine; fts5?: Fts5Costs } & JudgedSearch>;
  /** On the first size's SQLite database (absent only when no size was searched). */
  web?: WebFigures & {
    targets: typeof WEB_TARGETS;
    meets: { ask: boolean; articlePage: boolean };
  };
  /** Ask throughput through one and two app servers, on the first size, per store. */
  throughput: Array<{ engine: Engine; documents: number; runs: ThroughputRun[] }>;
  runSeconds: number;
  tempDir?: string;
}

const MB = 1_048_576;

export function judgeIngest(runs: IngestRun[]): BenchReport["ingest"] {
  const full = runs.at(-1);
  return {
    runs,
    targets: INGEST_TARGETS,
    meets: {
      citationsPerSecond: (full?.citationsPerSecond ?? 0) >= INGEST_TARGETS.citationsPerSecond,
      peakRss: runs.every(
        (run) => run.peakRssBytes !== null && run.peakRssBytes < INGEST_TARGETS.peakRssBytes,
      ),
    },
  };
}

export type Engine = "SQLite" | "PostgreSQL";

export type JudgedSearch = SearchFigures & {
  targets: typeof SEARCH_TARGETS;
  askTargets: typeof ASK_TARGETS;
  meets: { withSnippets: boolean; withoutSnippets: boolean; withoutWarmUp?: boolean; ask: boolean };
};

export function judgeSearch(figures: SearchFigures): JudgedSearch {
  const meets = (timing: QueryTiming) =>
    timing.latencyMs.p50 <= SEARCH_TARGETS.p50Ms && timing.latencyMs.p95 <= SEARCH_TARGETS.p95Ms;
  return {
    ...figures,
    targets: SEARCH_TARGETS,
    askTargets: ASK_TARGETS,
    meets: {
      withSnippets: meets(figures.withSnippets),
      withoutSnippets: meets(figures.withoutSnippets),
      ...(figures.withoutWarmUp ? { withoutWarmUp: meets(figures.withoutWarmUp) } : {}),
      ask: figures.ask.latencyMs.p95 <= ASK_TARGETS.p95Ms,
    },
  };
}

export function judgeWeb(figures: WebFigures): NonNullable<BenchReport["web"]> {
  return {
    ...figures,
    targets: WEB_TARGETS,
    meets: {
      ask: figures.ask.p95Ms <= WEB_TARGETS.askP95Ms,
      articlePage:
        figures.articlePage.requestsPerSecond >= WEB_TARGETS.articleRequestsPerSecond &&
        figures.articlePage.p99Ms <= WEB_TARGETS.articleP99Ms,
    },
  };
}

const int = (value: number) => Math.round(value).toLocaleString("en-US");
const mb = (bytes: number | null) => (bytes === null ? "n/a" : `${(bytes / MB).toFixed(1)} MB`);
const ms = (value: number) => value.toFixed(2);
const verdict = (ok: boolean) => (ok ? "ok" : "MISSED");

/** Columns padded to their widest cell; the first column is left-aligned, the others right-aligned. */
function table(rows: readonly (readonly string[])[], indent = "  "): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) =>
    (
      indent +
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join("   ")
    ).trimEnd(),
  );
}

function machineLines(report: BenchReport): string[] {
  const { machine } = report;
  return [
    `Galen benchmark · ${report.date}`,
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${(machine.totalMemoryBytes / 1024 ** 3).toFixed(1)} GiB RAM, ` +
      `Node ${machine.node}, ${machine.platform}, SQLite ${machine.sqlite}`,
    `Load average (1 min): ${machine.loadAverage.start.toFixed(2)} at start, ${machine.loadAverage.end?.toFixed(2) ?? "?"} ` +
      `at end on ${machine.cpus} CPUs (other work on the machine makes the figures pessimistic)`,
  ];
}

function ingestLines(ingest: BenchReport["ingest"]): string[] {
  const { runs, targets, meets } = ingest;
  const full = runs.at(-1);
  const method = full?.rssMethod ?? "unavailable";
  const row = (label: string, cell: (run: IngestRun) => string, target = "", ok = "") => [
    label,
    ...runs.map(cell),
    target,
    ok,
  ];
  const lines = table([
    ["", ...runs.map((run) => `${int(run.citations)} citations`), "target", ""],
    row("compressed input", (run) => mb(run.compressedBytes)),
    row("XML (uncompressed)", (run) => mb(run.uncompressedBytes)),
    row("wall time", (run) => `${(run.wallMs / 1000).toFixed(1)} s`),
    row("  of which CLI elapsedMs", (run) => `${(run.cliElapsedMs / 1000).toFixed(1)} s`),
    row(
      "citations/s",
      (run) => int(run.citationsPerSecond),
      `≥ ${int(targets.citationsPerSecond)}`,
      verdict(meets.citationsPerSecond),
    ),
    row("compressed MB/s", (run) => run.compressedMBPerSecond.toFixed(2)),
    row("peak RSS", (run) => mb(run.peakRssBytes), `< ${mb(targets.peakRssBytes)}`, verdict(meets.peakRss)),
    row("database size", (run) => mb(run.databaseBytes)),
  ]);
  return [
    "",
    "Ingest: generated PubMed XML (.xml.gz) through `galen ingest -q --json` in a child process",
    ...lines,
    `  Rates use wall time (process start-up included). Peak RSS by ${method}. MB = 2^20 bytes.`,
    ...memoryRatio(runs),
  ];
}

function memoryRatio(runs: readonly IngestRun[]): string[] {
  const [small, large] = [runs[0], runs.at(-1)];
  if (!small?.peakRssBytes || !large?.peakRssBytes || small === large) return [];
  const sizeRatio = large.compressedBytes / small.compressedBytes;
  const rssRatio = large.peakRssBytes / small.peakRssBytes;
  return [`  Input ×${sizeRatio.toFixed(1)} → peak RSS ×${rssRatio.toFixed(2)}.`];
}

function searchLines(search: JudgedSearch, engine: Engine, fts5?: Fts5Costs): string[] {
  const { build, queries, targets } = search;
  const pass = (
    label: string,
    timing: QueryTiming,
    ok: boolean,
    target = `p50 ≤ ${targets.p50Ms}, p95 ≤ ${targets.p95Ms}`,
  ) => [
    label,
    int(timing.latencyMs.count),
    ms(timing.latencyMs.p50),
    ms(timing.latencyMs.p95),
    ms(timing.latencyMs.p99),
    ms(timing.latencyMs.max),
    ms(timing.latencyMs.mean),
    int(timing.empty),
    target,
    verdict(ok),
  ];
  return [
    "",
    `Search (${engine}): searchDocuments(store, text, { k: ${queries.k} }) on ${int(search.documentsInStore)} documents ` +
      "(store.stats().documents)",
    `  corpus: ${int(build.documents)} synthetic documents resampled from ${int(build.sourceAbstracts)} real ` +
      `abstracts (seed 0x${build.seed.toString(16)}), written in batches of ${int(build.batchSize)} in ` +
      `${(build.elapsedMs / 1000).toFixed(1)} s (${int(build.documentsPerSecond)} docs/s), search index optimized in ` +
      `${(build.optimizeMs / 1000).toFixed(1)} s; database ${mb(search.databaseBytes)}`,
    `  writing rate as the corpus grew: ${build.stretches
      .map((stretch) => `${int(stretch.documentsPerSecond)}/s to ${int(stretch.upTo)}`)
      .join(", ")}`,
    `  queries: ${int(queries.scifactClaims)} SciFact claims + ${int(queries.pubmedQaQuestions)} PubMedQA ` +
      `questions, each timed after ${queries.warmup} untimed warm-up queries`,
    search.indexWarmUp
      ? `  search index read into memory first (as galen serve does at start): ${int(search.indexWarmUp.words)} words, ` +
        `${int(search.indexWarmUp.postings)} postings, ${mb(search.indexWarmUp.bytes)} in ` +
        `${(search.indexWarmUp.ms / 1000).toFixed(1)} s${search.indexWarmUp.skipped ? `, ${int(search.indexWarmUp.skipped)} words left out (memory budget)` : ""}`
      : "  search index: nothing kept in memory by this store",
    ...table([
      ["", "queries", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean ms", "no hits", "target", ""],
      pass("with snippets", search.withSnippets, search.meets.withSnippets),
      pass("without snippets", search.withoutSnippets, search.meets.withoutSnippets),
      ...(search.withoutWarmUp
        ? [pass("  store just opened", search.withoutWarmUp, search.meets.withoutWarmUp === true)]
        : []),
      pass("ask (extractive)", search.ask, search.meets.ask, `p95 ≤ ${search.askTargets.p95Ms}`),
    ]),
    ...(search.withoutWarmUp
      ? [
          "  store just opened: without snippets, on a fresh connection whose index was not read into memory " +
            "first (each word is read the first time a query needs it)",
        ]
      : []),
    `  ask: askQuestion on the first ${int(search.ask.latencyMs.count)} PubMedQA questions (20 sources each); ` +
      `"no hits" = insufficient-evidence answers; ${search.ask.meanResults.toFixed(1)} references per answer`,
    ...(fts5 ? fts5Lines(fts5) : []),
  ];
}

function fts5Lines(fts5: Fts5Costs): string[] {
  const perMatch = (micros: number) => `${micros.toFixed(2)} µs`;
  return [
    `  FTS5 per matching document (${fts5.words} words in 1–50% of the documents, ${int(fts5.matches.median)} ` +
      `matches at the median): walking the matches ${perMatch(fts5.walkMicrosPerMatch)}, scoring them with bm25() ` +
      `${perMatch(fts5.scoreMicrosPerMatch)}; phrases are scored this way, words from the index in memory`,
  ];
}

function webLines(web: NonNullable<BenchReport["web"]>, documents: number): string[] {
  const { ask, articlePage, targets } = web;
  return [
    "",
    `Web app: galen serve in a child process over the same ${int(documents)} documents`,
    ...table([
      ["", "measured", "target", ""],
      [
        "POST /api/v1/ask",
        `p50 ${ask.p50Ms.toFixed(0)} ms, p95 ${ask.p95Ms.toFixed(0)} ms (${ask.questions} questions, one at a time)`,
        `p95 ≤ ${targets.askP95Ms} ms`,
        verdict(web.meets.ask),
      ],
      [
        "GET article page",
        `${int(articlePage.requestsPerSecond)} req/s, p50 ${articlePage.p50Ms} ms, p99 ${articlePage.p99Ms} ms (${articlePage.connections} connections, ${articlePage.seconds} s, ${articlePage.errors + articlePage.non2xx} failures)`,
        `≥ ${int(targets.articleRequestsPerSecond)} req/s, p99 ≤ ${targets.articleP99Ms} ms`,
        verdict(web.meets.articlePage),
      ],
    ]),
  ];
}

function postgresIngestLines(run: IngestRun | undefined): string[] {
  if (!run) return [];
  return [
    `  PostgreSQL, same ${int(run.citations)}-citation file (galen ingest --database-url): ` +
      `${int(run.citationsPerSecond)} citations/s (${(run.wallMs / 1000).toFixed(1)} s), peak RSS of galen ` +
      `${mb(run.peakRssBytes)} (the server's own memory not included), corpus tables ${mb(run.databaseBytes)}`,
  ];
}

function throughputLines(throughput: BenchReport["throughput"]): string[] {
  if (throughput.length === 0) return [];
  const first = throughput[0]?.runs[0];
  return [
    "",
    `Ask throughput: ${first?.questions ?? 0} PubMedQA questions through POST /api/v1/ask, ${first?.clients ?? 0} at a ` +
      "time, spread over the app servers in turn; each publishes an article",
    ...table([
      ["", "documents", "app servers", "questions/s", "p50 ms", "p95 ms", "failed"],
      ...throughput.flatMap(({ engine, documents, runs }) =>
        runs.map((run) => [
          engine,
          int(documents),
          String(run.servers),
          run.questionsPerSecond.toFixed(1),
          int(run.p50Ms),
          int(run.p95Ms),
          String(run.failures),
        ]),
      ),
    ]),
  ];
}

export function formatReport(report: BenchReport): string {
  const first = report.search[0];
  return [
    ...machineLines(report),
    ...ingestLines(report.ingest),
    ...postgresIngestLines(report.ingestPostgres),
    ...report.search.flatMap(({ engine, fts5, ...search }) => searchLines(search, engine, fts5)),
    ...(report.web && first ? webLines(report.web, first.documentsInStore) : []),
    ...throughputLines(report.throughput),
    "",
    `Run time: ${report.runSeconds.toFixed(0)} s${report.tempDir ? ` · inputs kept in ${report.tempDir}` : ""}`,
    "",
  ].join("\n");
}
