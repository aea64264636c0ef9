import { z } from "zod";
import { GalenError } from "../galen-error.ts";
import { readPubmedXml } from "./pubmed-xml.ts";
import { type Clock, type RateLimiter, rateLimiterFor, systemClock } from "./rate-limiter.ts";
import type { SourceRecord } from "./source-record.ts";

export const EUTILS_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/";

const FIRST_BACKOFF_MS = 500;
/** A longer Retry-After than this would look like a hang; NCBI's own waits are seconds. */
const MAX_RETRY_AFTER_MS = 60_000;
const OFFLINE_ADVICE =
  "Check the network or proxy, or download PubMed XML and run: galen ingest <file.xml.gz>";

export interface PubmedQueryOptions {
  /** At most this many PMIDs (default 1000). */
  max?: number;
  /** NCBI_API_KEY: raises NCBI's rate limit from 3 to 10 requests per second. */
  apiKey?: string;
  /** Default https://eutils.ncbi.nlm.nih.gov/entrez/eutils/; the CLI reads GALEN_EUTILS_URL. */
  baseUrl?: string;
  /** PMIDs per efetch (default 200). */
  batchSize?: number;
  /** NCBI asks clients to identify themselves: `tool` (default "galen") and a contact `email`. */
  tool?: string;
  email?: string;
  /** Retries after the first attempt on network errors, timeouts, HTTP 429 and 5xx (default 4). */
  maxRetries?: number;
  /** Per request (default 30000). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called once esearch has counted the matches, before any efetch. */
  onSearch?: (found: { count: number; fetching: number }) => void;
  /** Injectable for tests; default globalThis.fetch. */
  fetch?: typeof fetch;
  /** Injectable for tests; default real time. */
  clock?: Clock;
}

/**
 * Runs a PubMed query through NCBI E-utilities: esearch keeps the matches on NCBI's history server, then efetch
 * pages through them as PubMed XML, which is read like an ingested file. Yields at most `max` documents.
 */
export async function* queryPubmed(
  query: string,
  options: PubmedQueryOptions = {},
): AsyncGenerator<SourceRecord> {
  if (query.trim() === "") {
    throw new GalenError('The PubMed query is empty. Pass search terms, e.g. "aspirin AND stroke".');
  }
  const max = wholeNumber(options.max, 1000, 0, "max");
  const batchSize = wholeNumber(options.batchSize, 200, 1, "batchSize");
  const client = new EutilsClient(options);
  const search = await client.esearch(query, max);
  const fetching = Math.min(search.count, max);
  options.onSearch?.({ count: search.count, fetching });
  if (fetching === 0) return;
  let documents = 0;
  for (let retstart = 0; retstart < fetching; retstart += batchSize) {
    const retmax = Math.min(batchSize, fetching - retstart);
    const xml = await client.efetch(search.history, retstart, retmax);
    const label = `NCBI efetch (records ${retstart + 1}-${retstart + retmax})`;
    for await (const record of readPubmedXml(singleChunk(xml), label)) {
      yield record;
      if (record.kind === "document" && ++documents >= fetching) return;
    }
  }
}

interface SearchHistory {
  webenv: string;
  queryKey: string;
}

interface SearchResult {
  count: number;
  history: SearchHistory;
}

const EsearchReply = z.object({
  error: z.string().optional(),
  esearchresult: z
    .object({
      ERROR: z.string().optional(),
      count: z.coerce.number().int().nonnegative().optional(),
      webenv: z.string().optional(),
      querykey: z.coerce.string().optional(),
    })
    .optional(),
});

type Failure =
  | { kind: "http"; status: number; statusText: string; ncbiMessage?: string; retryAfterMs?: number }
  | { kind: "network"; code: string }
  | { kind: "timeout" };

type Attempt = { ok: true; body: string } | { ok: false; failure: Failure };

class EutilsClient {
  private readonly base: URL;
  private readonly fetch: typeof fetch;
  private readonly clock: Clock;
  private readonly limiter: RateLimiter;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: PubmedQueryOptions) {
    this.base = eutilsBase(options.baseUrl ?? EUTILS_BASE_URL);
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.clock = options.clock ?? systemClock;
    this.limiter = rateLimiterFor(this.base, options.apiKey || undefined, this.clock);
    this.maxRetries = wholeNumber(options.maxRetries, 4, 0, "maxRetries");
    this.timeoutMs = wholeNumber(options.timeoutMs, 30_000, 1, "timeoutMs");
  }

  async esearch(query: string, max: number): Promise<SearchResult> {
    const url = this.url("esearch.fcgi", {
      db: "pubmed",
      term: query,
      retmax: String(max),
      retmode: "json",
      usehistory: "y",
    });
    const reply = this.parseEsearch(await this.get(url, "esearch"));
    const result = reply.esearchresult;
    const ncbiError = reply.error ?? result?.ERROR;
    if (ncbiError) {
      throw new GalenError(
        `NCBI esearch rejected the query: "${oneLine(ncbiError)}". Check the PubMed query syntax.`,
      );
    }
    const count = result?.count ?? 0;
    if (count > 0 && (!result?.webenv || !result.querykey)) {
      throw new GalenError("NCBI esearch answered without a search history (WebEnv). Run the query again.");
    }
    return { count, history: { webenv: result?.webenv ?? "", queryKey: result?.querykey ?? "" } };
  }

  async efetch(history: SearchHistory, retstart: number, retmax: number): Promise<string> {
    const url = this.url("efetch.fcgi", {
      db: "pubmed",
      retmode: "xml",
      WebEnv: history.webenv,
      query_key: history.queryKey,
      retstart: String(retstart),
      retmax: String(retmax),
    });
    const body = await this.get(url, "efetch");
    // A stale WebEnv comes back as HTTP 200 with <eFetchResult><ERROR>, which is not PubMed XML.
    const ncbiError = body.includes("<PubmedArticleSet") ? undefined : ncbiMessage(body);
    if (ncbiError) {
      throw new GalenError(
        `NCBI efetch reported an error: "${ncbiError}". Run the query again. ${OFFLINE_ADVICE}`,
      );
    }
    return body;
  }

  private url(endpoint: string, params: Record<string, string>): URL {
    const url = new URL(endpoint, this.base);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    url.searchParams.set("tool", this.options.tool || "galen");
    if (this.options.email) url.searchParams.set("email", this.options.email);
    if (this.options.apiKey) url.searchParams.set("api_key", this.options.apiKey);
    return url;
  }

  private parseEsearch(body: string): z.infer<typeof EsearchReply> {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error) {
      throw new GalenError(
        `NCBI esearch did not return JSON (it began "${oneLine(body).slice(0, 60)}"). Check the E-utilities URL ${this.base.href} and any proxy.`,
        1,
        { cause: error },
      );
    }
    const parsed = EsearchReply.safeParse(json);
    if (!parsed.success) {
      throw new GalenError(
        `NCBI esearch returned JSON of an unexpected shape. Check the E-utilities URL ${this.base.href}.`,
      );
    }
    return parsed.data;
  }

  /** GETs a URL through the rate limiter, retrying transient failures with exponential back-off. */
  private async get(url: URL, what: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const result = await this.attempt(url);
      if (result.ok) return result.body;
      if (!isTransient(result.failure) || attempt >= this.maxRetries) {
        throw this.failureError(result.failure, what, attempt + 1);
      }
      await this.clock.sleep(retryDelay(result.failure, attempt), this.options.signal);
    }
  }

  private async attempt(url: URL): Promise<Attempt> {
    const callerSignal = this.options.signal;
    callerSignal?.throwIfAborted();
    await this.limiter.wait(callerSignal);
    // The timeout starts after the rate limiter so queueing does not count against the request.
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([timeout, callerSignal]) : timeout;
    try {
      const response = await this.fetch(url, { signal });
      const body = await response.text();
      if (response.ok) return { ok: true, body };
      const retryAfterMs = retryAfter(response.headers.get("retry-after"));
      const message = ncbiMessage(body);
      return {
        ok: false,
        failure: {
          kind: "http",
          status: response.status,
          statusText: response.statusText,
          ...(message ? { ncbiMessage: message } : {}),
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        },
      };
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timeout.aborted) return { ok: false, failure: { kind: "timeout" } };
      return { ok: false, failure: { kind: "network", code: networkErrorCode(error) } };
    }
  }

  private failureError(failure: Failure, what: string, attempts: number): GalenError {
    const where = this.base.href;
    const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
    if (failure.kind === "network")
      return new GalenError(`Cannot reach NCBI E-utilities at ${where} (${failure.code}). ${OFFLINE_ADVICE}`);
    if (failure.kind === "timeout") {
      const seconds = this.timeoutMs / 1000;
      return new GalenError(
        `NCBI E-utilities at ${where} did not answer within ${seconds} s (${tries}). ${OFFLINE_ADVICE}`,
      );
    }
    const http = `HTTP ${failure.status}${failure.statusText ? ` ${failure.statusText}` : ""}`;
    const quoted = failure.ncbiMessage ? `: "${failure.ncbiMessage}"` : "";
    if (failure.status === 429) {
      return new GalenError(
        `NCBI E-utilities still refused ${what} as too many requests (${http}) after ${tries}. Wait a minute and run again, or set NCBI_API_KEY for a higher rate limit.`,
      );
    }
    if (failure.status >= 500) {
      return new GalenError(
        `NCBI E-utilities ${what} failed with ${http}${quoted} after ${tries}. NCBI may be busy or down: try again later, or download PubMed XML and run: galen ingest <file.xml.gz>`,
      );
    }
    return new GalenError(
      `NCBI E-utilities rejected the ${what} request with ${http}${quoted}. ${this.whatToCheck(failure.status)}`,
    );
  }

  private whatToCheck(status: number): string {
    if (status === 401 || status === 403) return "Check NCBI_API_KEY.";
    if (status === 404) return `Check the E-utilities URL ${this.base.href}.`;
    if (status === 414) return "Shorten the query.";
    return this.options.apiKey ? "Check the query syntax and NCBI_API_KEY." : "Check the query syntax.";
  }
}

function isTransient(failure: Failure): boolean {
  return failure.kind !== "http" || failure.status === 429 || failure.status >= 500;
}

/** Retry-After when the server sent one, else 500 ms, 1 s, 2 s … plus up to 25% jitter so clients spread out. */
function retryDelay(failure: Failure, attempt: number): number {
  if (failure.kind === "http" && failure.retryAfterMs !== undefined) return failure.retryAfterMs;
  const backoff = FIRST_BACKOFF_MS * 2 ** attempt;
  return backoff + backoff * 0.25 * Math.random();
}

/** Retry-After is either delay-seconds or an HTTP date. */
function retryAfter(header: string | null): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isNaN(ms) ? undefined : Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** NCBI puts its reason in JSON (`error`, `esearchresult.ERROR`) or in an XML `<ERROR>` element. */
function ncbiMessage(body: string): string | undefined {
  try {
    const json: unknown = JSON.parse(body);
    if (isRecord(json)) {
      if (typeof json.error === "string") return oneLine(json.error);
      const result = json.esearchresult;
      if (isRecord(result) && typeof result.ERROR === "string") return oneLine(result.ERROR);
    }
  } catch {
    // not JSON; try XML below
  }
  const xmlError = body.match(/<ERROR>([\s\S]*?)<\/ERROR>/i)?.[1];
  return xmlError ? oneLine(xmlError) : undefined;
}

/** Node's fetch throws `TypeError: fetch failed` and keeps the system error (ENOTFOUND, ECONNREFUSED…) in `cause`. */
function networkErrorCode(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  const nested = cause instanceof AggregateError ? cause.errors[0] : undefined;
  return (
    codeOf(cause) ??
    codeOf(nested) ??
    codeOf(error) ??
    (cause instanceof Error ? cause.message : undefined) ??
    (error instanceof Error ? error.message : String(error))
  );
}

function codeOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.code === "string" ? value.code : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function eutilsBase(baseUrl: string): URL {
  let url: URL;
  try {
    // Without the trailing slash, "…/eutils" + "esearch.fcgi" would resolve to "…/esearch.fcgi".
    url = new URL(baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  } catch (error) {
    throw new GalenError(`"${baseUrl}" is not a valid E-utilities URL. Use e.g. ${EUTILS_BASE_URL}`, 1, {
      cause: error,
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new GalenError(`"${baseUrl}" is not an http(s) URL. Use e.g. ${EUTILS_BASE_URL}`);
  }
  return url;
}

function wholeNumber(value: number | undefined, fallback: number, min: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new GalenError(`${name} must be a whole number of at least ${min}, not ${value}.`);
  }
  return value;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

async function* singleChunk(text: string): AsyncGenerator<string> {
  yield text;
}
