import { parseArgs } from "node:util";

export interface BenchOptions {
  ingestDocs: number;
  /** Corpus sizes to search, smallest first; the web and throughput runs use the first. */
  searchDocs: number[];
  json: boolean;
  keep: boolean;
  quick: boolean;
  /** At most this many queries from each set (SciFact claims, PubMedQA questions); all when absent. */
  queries?: number;
  /** Also measure search on this PostgreSQL database (in a schema of its own, dropped afterwards). */
  databaseUrl?: string;
}

const FULL_SIZE = 100_000;
const QUICK_SIZE = 10_000;

export const USAGE = `Usage: npm run bench -- [options]
  --quick            10,000 citations / 10,000 documents (a fast smoke run)
  --ingest-docs N    citations in the generated PubMed XML (default ${FULL_SIZE.toLocaleString("en-US")})
  --search-docs N[,M…] documents in the search corpus (default ${FULL_SIZE.toLocaleString("en-US")}); several sizes
                     build a corpus each, e.g. 100000,1000000
  --queries N        time only the first N SciFact claims and N PubMedQA questions (default: all 809 and
                     1,000), to keep runs on large corpora short
  --json             print one JSON object on stdout instead of the table (npm run -s bench -- --json
                     keeps npm's own header lines off stdout)
  --keep             keep the temporary directory with the generated inputs and databases
  --database-url URL also measure PostgreSQL beside SQLite, in schemas of their own in this database (dropped
                     afterwards): the ingest, search and ask at each size, and ask throughput through one and
                     two app servers`;

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      "ingest-docs": { type: "string" },
      "search-docs": { type: "string" },
      "database-url": { type: "string" },
      queries: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const base = values.quick ? QUICK_SIZE : FULL_SIZE;
  return {
    ingestDocs: count(values["ingest-docs"], "--ingest-docs") ?? base,
    searchDocs: counts(values["search-docs"], "--search-docs") ?? [base],
    json: values.json,
    keep: values.keep,
    quick: values.quick,
    ...(values.queries ? { queries: count(values.queries, "--queries") } : {}),
    ...(values["database-url"] ? { databaseUrl: values["database-url"] } : {}),
  };
}

/** A comma-separated list of sizes (100000,1_000_000), in increasing order. */
function counts(value: string | undefined, flag: string): number[] | undefined {
  if (value === undefined) return undefined;
  const sizes = value.split(",").map((part) => count(part.trim(), flag) ?? 0);
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** Accepts 100000 or 100_000; anything else is a usage error. */
function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value.replace(/_/g, ""));
  if (!Number.isInteger(number) || number <= 0) {
    throw new Error(`${flag} expects a whole number above 0, got "${value}".`);
  }
  return number;
}
