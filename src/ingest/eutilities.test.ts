import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { GalenError } from "../galen-error.ts";
import { queryPubmed } from "./eutilities.ts";
import { type Clock, RateLimiter } from "./rate-limiter.ts";
import type { SourceRecord } from "./source-record.ts";

interface Article {
  pmid: string;
  title: string;
  abstract: string;
}

const ARTICLES: Article[] = [
  {
    pmid: "31000001",
    title: "Aspirin for primary prevention of stroke",
    abstract: "Aspirin lowered stroke risk.",
  },
  {
    pmid: "31000002",
    title: "Statins after myocardial infarction",
    abstract: "Statins reduced reinfarction.",
  },
  {
    pmid: "31000003",
    title: "Metformin and cognitive decline",
    abstract: "No effect on cognition was seen.",
  },
  {
    pmid: "31000004",
    title: "Vitamin D and fracture risk",
    abstract: "Vitamin D did not prevent fractures.",
  },
  {
    pmid: "31000005",
    title: "Exercise for chronic low back pain",
    abstract: "Exercise reduced pain scores.",
  },
];

function articleSetXml(articles: readonly Article[]): string {
  const entries = articles.map(
    (article) => `
  <PubmedArticle>
    <MedlineCitation Status="MEDLINE" Owner="NLM">
      <PMID Version="1">${article.pmid}</PMID>
      <Article PubModel="Print">
        <Journal><Title>Journal of Made-up Trials</Title>
          <JournalIssue><PubDate><Year>2021</Year><Month>Mar</Month></PubDate></JournalIssue></Journal>
        <ArticleTitle>${article.title}</ArticleTitle>
        <Abstract><AbstractText>${article.abstract}</AbstractText></Abstract>
        <PublicationTypeList><PublicationType UI="D016449">Randomized Controlled Trial</PublicationType></PublicationTypeList>
      </Article>
    </MedlineCitation>
    <PubmedData><ArticleIdList><ArticleId IdType="pubmed">${article.pmid}</ArticleId></ArticleIdList></PubmedData>
  </PubmedArticle>`,
  );
  return `<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
<PubmedArticleSet>${entries.join("")}
</PubmedArticleSet>`;
}

type Reply = { status?: number; headers?: Record<string, string>; body: string } | "hang";
type Route = (endpoint: string, params: URLSearchParams) => Reply;

interface SeenRequest {
  endpoint: string;
  params: URLSearchParams;
  at: number;
}

function json(value: unknown, status = 200): Reply {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(value) };
}

/** Answers like NCBI: esearch keeps the matches under a WebEnv, efetch pages through them by retstart/retmax. */
function eutilities(articles: readonly Article[], count = articles.length): Route {
  return (endpoint, params) => {
    if (endpoint === "esearch.fcgi") {
      const retmax = Number(params.get("retmax"));
      return json({
        header: { type: "esearch", version: "0.3" },
        esearchresult: {
          count: String(count),
          retmax: String(Math.min(retmax, count)),
          retstart: "0",
          querykey: "1",
          webenv: "MCID_test_webenv",
          idlist: articles.slice(0, retmax).map((article) => article.pmid),
        },
      });
    }
    if (endpoint === "efetch.fcgi") {
      const start = Number(params.get("retstart"));
      const size = Number(params.get("retmax"));
      return {
        headers: { "content-type": "text/xml" },
        body: articleSetXml(articles.slice(start, start + size)),
      };
    }
    return { status: 404, body: "Not Found" };
  };
}

/** Gives `reply` to the first `times` requests, then lets `route` answer. */
function failing(times: number, reply: Reply, route: Route): Route {
  let failures = 0;
  return (endpoint, params) => (failures++ < times ? reply : route(endpoint, params));
}

const servers: Server[] = [];

async function startServer(route: Route): Promise<{ baseUrl: string; requests: SeenRequest[] }> {
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const endpoint = url.pathname.split("/").pop() ?? "";
    requests.push({ endpoint, params: url.searchParams, at: performance.now() });
    const reply = route(endpoint, url.searchParams);
    if (reply === "hang") return;
    response.writeHead(reply.status ?? 200, reply.headers);
    response.end(reply.body);
  });
  servers.push(server);
  const port = await listen(server);
  return { baseUrl: `http://127.0.0.1:${port}/entrez/eutils/`, requests };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map(closeServer));
});

/** Time that passes only when slept through, so back-off and rate limiting cost nothing in tests. */
function virtualClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

async function collect(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const all: SourceRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

function pmidsAndTitles(records: readonly SourceRecord[]): Array<[string | undefined, string]> {
  return records.flatMap((record) =>
    record.kind === "document" ? [[record.document.pmid, record.document.title]] : [],
  );
}

async function failureOf(records: AsyncIterable<SourceRecord>): Promise<unknown> {
  try {
    await collect(records);
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail");
}

describe("queryPubmed", () => {
  it("pages through efetch batches in order and stops at max", async () => {
    const { baseUrl, requests } = await startServer(eutilities(ARTICLES));
    const found: Array<{ count: number; fetching: number }> = [];
    const records = await collect(
      queryPubmed("aspirin OR statins", {
        baseUrl,
        max: 4,
        batchSize: 3,
        clock: virtualClock(),
        onSearch: (search) => found.push(search),
      }),
    );
    expect(found).toEqual([{ count: 5, fetching: 4 }]);
    expect(pmidsAndTitles(records)).toEqual(
      ARTICLES.slice(0, 4).map((article) => [article.pmid, article.title]),
    );
    const first = records[0];
    expect(first?.kind === "document" && first.document.id).toBe("pubmed:31000001");
    expect(first?.kind === "document" && first.document.abstract[0]?.text).toBe(
      "Aspirin lowered stroke risk.",
    );

    const [search, ...fetches] = requests;
    expect(search?.endpoint).toBe("esearch.fcgi");
    expect(Object.fromEntries(search?.params ?? [])).toMatchObject({
      db: "pubmed",
      term: "aspirin OR statins",
      retmax: "4",
      retmode: "json",
      usehistory: "y",
    });
    expect(fetches.map((request) => request.endpoint)).toEqual(["efetch.fcgi", "efetch.fcgi"]);
    expect(fetches.map((request) => [request.params.get("retstart"), request.params.get("retmax")])).toEqual([
      ["0", "3"],
      ["3", "1"],
    ]);
    expect(Object.fromEntries(fetches[0]?.params ?? [])).toMatchObject({
      db: "pubmed",
      retmode: "xml",
      WebEnv: "MCID_test_webenv",
      query_key: "1",
    });
  });

  it("stops at max even when a batch holds more records than asked for", async () => {
    const everything: Route = (endpoint, params) =>
      endpoint === "efetch.fcgi" ? { body: articleSetXml(ARTICLES) } : eutilities(ARTICLES)(endpoint, params);
    const { baseUrl } = await startServer(everything);
    const records = await collect(queryPubmed("trials", { baseUrl, max: 2, clock: virtualClock() }));
    expect(pmidsAndTitles(records).map(([pmid]) => pmid)).toEqual(["31000001", "31000002"]);
  });

  it("yields nothing and fetches nothing when no article matches", async () => {
    const { baseUrl, requests } = await startServer(eutilities([], 0));
    const found: Array<{ count: number; fetching: number }> = [];
    const records = await collect(
      queryPubmed("zzzz nothing", {
        baseUrl,
        clock: virtualClock(),
        onSearch: (search) => found.push(search),
      }),
    );
    expect(records).toEqual([]);
    expect(found).toEqual([{ count: 0, fetching: 0 }]);
    expect(requests.map((request) => request.endpoint)).toEqual(["esearch.fcgi"]);
  });

  it("identifies itself and passes the API key on every request", async () => {
    const { baseUrl, requests } = await startServer(eutilities(ARTICLES));
    await collect(
      queryPubmed("aspirin", {
        baseUrl,
        apiKey: "k3y",
        email: "dev@example.org",
        batchSize: 2,
        clock: virtualClock(),
      }),
    );
    expect(requests).toHaveLength(4);
    for (const request of requests) {
      expect(request.params.get("api_key")).toBe("k3y");
      expect(request.params.get("tool")).toBe("galen");
      expect(request.params.get("email")).toBe("dev@example.org");
    }

    const other = await startServer(eutilities(ARTICLES));
    await collect(queryPubmed("aspirin", { baseUrl: other.baseUrl, tool: "my-app", clock: virtualClock() }));
    expect(other.requests[0]?.params.get("tool")).toBe("my-app");
    expect(other.requests[0]?.params.has("api_key")).toBe(false);
    expect(other.requests[0]?.params.has("email")).toBe(false);
  });

  it("retries HTTP 429 after the Retry-After wait", async () => {
    const tooMany: Reply = {
      status: 429,
      headers: { "retry-after": "1" },
      body: '{"error":"API rate limit exceeded"}',
    };
    const { baseUrl, requests } = await startServer(failing(1, tooMany, eutilities(ARTICLES)));
    const clock = virtualClock();
    const records = await collect(queryPubmed("aspirin", { baseUrl, clock }));
    expect(records).toHaveLength(5);
    expect(requests.map((request) => request.endpoint)).toEqual([
      "esearch.fcgi",
      "esearch.fcgi",
      "efetch.fcgi",
    ]);
    expect(clock.sleeps[0]).toBe(1000);
  });

  it("retries HTTP 500 with growing back-off", async () => {
    const broken: Reply = { status: 500, body: "Internal Server Error" };
    const { baseUrl, requests } = await startServer(failing(2, broken, eutilities(ARTICLES)));
    const clock = virtualClock();
    const records = await collect(queryPubmed("aspirin", { baseUrl, clock }));
    expect(records).toHaveLength(5);
    expect(requests.filter((request) => request.endpoint === "esearch.fcgi")).toHaveLength(3);
    // Back-off sleeps (500 ms, then 1 s, each with up to 25% jitter), interleaved with rate-limit waits.
    const backoffs = clock.sleeps.filter((ms) => ms >= 500);
    expect(backoffs).toHaveLength(2);
    expect(backoffs[0]).toBeGreaterThanOrEqual(500);
    expect(backoffs[0]).toBeLessThanOrEqual(625);
    expect(backoffs[1]).toBeGreaterThanOrEqual(1000);
    expect(backoffs[1]).toBeLessThanOrEqual(1250);
  });

  it("gives up on persistent 5xx with a GalenError naming the status", async () => {
    const { baseUrl, requests } = await startServer(() => ({ status: 503, body: "Service Unavailable" }));
    const error = await failureOf(queryPubmed("aspirin", { baseUrl, maxRetries: 2, clock: virtualClock() }));
    expect(error).toBeInstanceOf(GalenError);
    expect((error as Error).message).toMatch(/HTTP 503 .*after 3 attempts/);
    expect(requests).toHaveLength(3);
  });

  it("fails at once on HTTP 400 with a GalenError quoting NCBI", async () => {
    const { baseUrl, requests } = await startServer(() => json({ error: "API key invalid" }, 400));
    const error = await failureOf(queryPubmed("aspirin", { baseUrl, apiKey: "bad", clock: virtualClock() }));
    expect(error).toBeInstanceOf(GalenError);
    expect((error as Error).message).toBe(
      'NCBI E-utilities rejected the esearch request with HTTP 400 Bad Request: "API key invalid". Check the query syntax and NCBI_API_KEY.',
    );
    expect(requests).toHaveLength(1);
  });

  it("turns an error inside NCBI's esearch JSON into a GalenError", async () => {
    const searchError = json({
      esearchresult: { count: "0", idlist: [], ERROR: "Invalid query: unbalanced parentheses" },
    });
    const first = await startServer(() => searchError);
    const error = await failureOf(queryPubmed("(aspirin", { baseUrl: first.baseUrl, clock: virtualClock() }));
    expect(error).toBeInstanceOf(GalenError);
    expect((error as Error).message).toContain('"Invalid query: unbalanced parentheses"');

    const second = await startServer(() => json({ error: "Search Backend failed" }));
    const topLevel = await failureOf(
      queryPubmed("aspirin", { baseUrl: second.baseUrl, clock: virtualClock() }),
    );
    expect(topLevel).toBeInstanceOf(GalenError);
    expect((topLevel as Error).message).toContain('"Search Backend failed"');
  });

  it("turns an efetch <ERROR> answer (e.g. an expired WebEnv) into a GalenError", async () => {
    const expired: Route = (endpoint, params) =>
      endpoint === "efetch.fcgi"
        ? { body: "<eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>" }
        : eutilities(ARTICLES)(endpoint, params);
    const { baseUrl } = await startServer(expired);
    const error = await failureOf(queryPubmed("aspirin", { baseUrl, clock: virtualClock() }));
    expect(error).toBeInstanceOf(GalenError);
    expect((error as Error).message).toContain('"Unable to obtain query #1"');
  });

  it("explains in one line that NCBI cannot be reached when the connection is refused", async () => {
    const server = createServer();
    const port = await listen(server);
    await closeServer(server);
    const baseUrl = `http://127.0.0.1:${port}/`;
    const clock = virtualClock();
    const error = await failureOf(queryPubmed("aspirin", { baseUrl, maxRetries: 1, clock }));
    expect(error).toBeInstanceOf(GalenError);
    expect((error as Error).message).toBe(
      `Cannot reach NCBI E-utilities at ${baseUrl} (ECONNREFUSED). Check the network or proxy, or download PubMed XML and run: galen ingest <file.xml.gz>`,
    );
    expect(clock.sleeps.some((ms) => ms >= 500)).toBe(true); // it did retry once
  });

  it("times out a request that never answers", async () => {
    const { baseUrl, requests } = await startServer(() => "hang");
    const error = await failureOf(
      queryPubmed("aspirin", { baseUrl, timeoutMs: 50, maxRetries: 1, clock: virtualClock() }),
    );
    expect(error).toBeInstanceOf(GalenError);
    expect((error as Error).message).toMatch(/did not answer within 0\.05 s \(2 attempts\)/);
    expect(requests.length).toBeGreaterThanOrEqual(1); // under load the retry may time out before it arrives
  });

  it("stops with the caller's abort reason, not a GalenError", async () => {
    const { baseUrl } = await startServer(() => "hang");
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("interrupted by user")), 30);
    const error = await failureOf(
      queryPubmed("aspirin", { baseUrl, signal: controller.signal, clock: virtualClock() }),
    );
    expect(error).not.toBeInstanceOf(GalenError);
    expect((error as Error).message).toBe("interrupted by user");
  });

  it("starts requests at least 334 ms apart without an API key", async () => {
    const { baseUrl, requests } = await startServer(eutilities(ARTICLES));
    const started: number[] = [];
    await collect(queryPubmed("aspirin", { baseUrl, batchSize: 3, fetch: timedFetch(started) }));
    expect(requests).toHaveLength(3);
    for (const gap of gapsBetween(started)) expect(gap).toBeGreaterThanOrEqual(330);
    // The server shares this process's event loop, so its arrival times are only a loose check.
    expect(spanOf(requests.map((request) => request.at))).toBeGreaterThanOrEqual(500);
  });

  it("starts requests 100 ms apart with an API key", async () => {
    const { baseUrl, requests } = await startServer(eutilities(ARTICLES));
    const started: number[] = [];
    await collect(
      queryPubmed("aspirin", { baseUrl, apiKey: "k3y", batchSize: 2, fetch: timedFetch(started) }),
    );
    expect(requests).toHaveLength(4);
    for (const gap of gapsBetween(started)) expect(gap).toBeGreaterThanOrEqual(98);
    expect(spanOf(started)).toBeLessThan(3 * 334); // faster than the pace without a key
  });
});

/** Real fetch that notes when each request starts. */
function timedFetch(started: number[]): typeof fetch {
  return (input, init) => {
    started.push(performance.now());
    return fetch(input, init);
  };
}

function gapsBetween(times: readonly number[]): number[] {
  return times.slice(1).map((time, index) => time - (times[index] ?? time));
}

function spanOf(times: readonly number[]): number {
  return Math.max(...times) - Math.min(...times);
}

describe("RateLimiter", () => {
  it("spaces start slots an interval apart and does not wait once the slot is past", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(334, clock);
    const starts: number[] = [];
    for (let call = 0; call < 3; call++) {
      await limiter.wait();
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 334, 668]);
    await clock.sleep(2000);
    await limiter.wait();
    expect(clock.sleeps).toEqual([334, 334, 2000]);
  });

  it("lets concurrent callers go one interval apart, in call order", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(100, clock);
    const order: string[] = [];
    await Promise.all(
      ["a", "b", "c"].map((name) => limiter.wait().then(() => order.push(`${name}@${clock.now()}`))),
    );
    expect(order).toEqual(["a@0", "b@100", "c@200"]);
  });

  it("skips a caller that aborts while queued and keeps serving the rest", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(100, clock);
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await limiter.wait();
    await expect(limiter.wait(controller.signal)).rejects.toThrow("stop");
    await limiter.wait();
    expect(clock.now()).toBe(100);
  });
});
