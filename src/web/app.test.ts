import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureStore } from "../../test/fixture-store.ts";
import { Answer } from "../answer/answer.ts";
import { ingestSources } from "../ingest/ingest-sources.ts";
import { planSources } from "../ingest/source-format.ts";
import { type GalenStore, openCorpusStore } from "../store/index.ts";
import { createApp } from "./app.tsx";

const FIXTURE = fileURLToPath(new URL("../../test/fixtures/answer-corpus.jsonl", import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "galen-web-"));
let store: GalenStore;
let app: Hono;

/** A document whose title and abstract carry markup, as real abstracts sometimes do. */
const HOSTILE = {
  id: "fixture:hostile-1",
  source: "fixture",
  title: "<script>alert('title')</script> Spondylolysis bracing outcomes",
  abstract: [
    {
      text: "Bracing <img src=x onerror=alert(1)> healed most spondylolysis defects in adolescents within six months.",
    },
  ],
  publicationDate: { year: 2019 },
};

beforeAll(async () => {
  const hostile = join(folder, "hostile.jsonl");
  writeFileSync(hostile, `${JSON.stringify(HOSTILE)}\n`);
  store = await openCorpusStore({ db: join(folder, "corpus.db") });
  await ingestSources(store, await planSources([FIXTURE, hostile]));
  app = createApp({ store, asksPerMinute: 1000 });
});

afterAll(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

async function askPage(question: string): Promise<string> {
  const response = await app.request("/ask", form({ question }));
  expect(response.status).toBe(303);
  return response.headers.get("Location") ?? "";
}

describe("pages", () => {
  it("never lists a rejected article among the home page's recent articles", async () => {
    const location = await askPage("Does bracing help spondylolysis heal?");
    const id = location.split("/")[2] ?? "";
    expect(await store.changeArticleStatus(id, "submitted", "rejected")).toBeDefined();
    const home = await (await app.request("/")).text();
    expect(home).not.toContain(location);
  });

  it("asks from the home page and shows the article in its anatomy, pending review", async () => {
    const home = await app.request("/");
    expect(home.status).toBe(200);
    const homeHtml = await home.text();
    expect(homeHtml.startsWith("<!doctype html>")).toBe(true);
    expect(homeHtml).toContain('<label for="question">Clinical question</label>');
    const location = await askPage("What is the treatment for pars defect?");
    expect(location).toMatch(/^\/articles\/[\w-]{12}\/what-is-the-treatment-for-pars-defect$/);
    const html = await (await app.request(location)).text();
    const order = [
      "<h1>What is the treatment for pars defect?</h1>",
      "Submitted",
      "Educational purpose only · content is pending human review",
      "Last updated",
      "Personalize — which best describes you?",
      'id="bottom-line"',
      "Treatment Algorithm",
      'id="references"',
      "Evidence at a glance",
      "<svg",
      "not medical advice",
      "Have a follow-up question?",
    ].map((marker) => html.indexOf(marker));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(html).toMatch(/<sup><a href="#ref-1" aria-label="Reference 1">1<\/a><\/sup>/);
    expect(html).toMatch(/<li id="ref-1">/);
  });

  it("re-renders the article for the reader chosen and remembers the choice", async () => {
    const location = await askPage("What is the treatment for pars defect?");
    const patient = await app.request(`${location}?audience=patient`);
    expect(patient.headers.get("Set-Cookie")).toMatch(/galen_audience=patient/);
    const html = await patient.text();
    expect(html).toContain("Treatment Options, Step by Step");
    expect(html).toContain("Questions to Ask Your Clinician");
    const remembered = await (
      await app.request(location, { headers: { Cookie: "galen_audience=patient" } })
    ).text();
    expect(remembered).toContain('<option value="patient" selected="">');
  });

  it("answers a follow-up in the article's thread, as a new article", async () => {
    const first = await askPage("What is the treatment for pars defect?");
    const id = first.split("/")[2] ?? "";
    const response = await app.request(
      `/articles/${id}/follow-up`,
      form({ question: "What about in adults?" }),
    );
    expect(response.status).toBe(303);
    const html = await (await app.request(response.headers.get("Location") ?? "")).text();
    expect(html).toContain("Searched as: pars defect treatment adults");
  });

  it("exports the article as Markdown and its references for reference managers", async () => {
    const location = await askPage("What is the treatment for pars defect?");
    const id = location.split("/")[2] ?? "";
    const markdown = await app.request(`/articles/${id}/export/md?audience=patient`);
    expect(markdown.headers.get("Content-Disposition")).toMatch(
      /attachment; filename="what-is-the-treatment-for-pars-defect\.md"/,
    );
    expect(await markdown.text()).toMatch(/^# What is the treatment for pars defect\?[\s\S]*for patients/);
    expect(await (await app.request(`/articles/${id}/export/ris`)).text()).toMatch(/^TY {2}- JOUR/m);
    expect(await (await app.request(`/articles/${id}/export/bibtex`)).text()).toMatch(/^@article\{/m);
    const csl = JSON.parse(await (await app.request(`/articles/${id}/export/csl-json`)).text()) as Array<{
      id: string;
    }>;
    expect(csl[0]?.id).toMatch(/^fixture:spondylolysis-/);
    expect((await app.request(`/articles/${id}/export/pdf`)).status).toBe(404);
  });

  it("escapes markup from documents and questions", async () => {
    const location = await askPage("<script>alert('q')</script> spondylolysis bracing outcomes");
    const html = await (await app.request(location)).text();
    expect(html).not.toMatch(/<script>|<img src=x/);
    expect(html).toContain("&lt;script&gt;");
    const documentPage = await (await app.request(`/documents/${encodeURIComponent(HOSTILE.id)}`)).text();
    expect(documentPage).not.toMatch(/<script>alert|<img src=x/);
    expect(documentPage).toContain("Articles that cite it");
  });

  it("shows an approved article without the pending banner, with its reviewer, in the sitemap", async () => {
    const location = await askPage("How is spondylolysis treated in athletes?");
    const id = location.split("/")[2] ?? "";
    await store.changeArticleStatus(id, "submitted", "under-review", { claimedBy: "ann@example.org" });
    await store.changeArticleStatus(id, "under-review", "approved", {
      reviewedBy: "Ann Reviewer, MD (orthopaedics)",
      approveVersion: 1,
      claimedBy: null,
    });
    const html = await (await app.request(location)).text();
    expect(html).not.toContain("pending human review");
    expect(html).toContain("Reviewed and approved by Ann Reviewer, MD (orthopaedics)");
    expect(html).toMatch(/<link rel="canonical" href="http:\/\/localhost\/articles\//);
    expect(await (await app.request("/sitemap.xml")).text()).toContain(`/articles/${id}/`);
  });

  it("lists and searches articles, and keeps unreviewed articles out of the sitemap", async () => {
    await askPage("How is spondylolysis diagnosed?");
    const library = await (await app.request("/articles?q=diagnosed")).text();
    expect(library).toContain("How is spondylolysis diagnosed?");
    expect(library).not.toContain("What is the treatment for pars defect?");
    const sitemap = await (await app.request("/sitemap.xml")).text();
    expect(sitemap).toContain("<urlset");
    expect(sitemap).not.toContain("how-is-spondylolysis-diagnosed");
  });

  it("sends a strict Content-Security-Policy and answers unknown pages with 404", async () => {
    const response = await app.request("/nowhere");
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect((await app.request("/articles/nope/slug")).status).toBe(404);
  });
});

describe("JSON API", () => {
  it("asks, returns the article and its answer for the reader, and reads it back", async () => {
    const response = await app.request("/api/v1/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: "What is the treatment for pars defect?", audience: "patient" }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      article: { id: string; url: string; status: string };
      answer: unknown;
    };
    expect(body.article.status).toBe("submitted");
    expect(response.headers.get("Location")).toBe(body.article.url);
    expect(Answer.parse(body.answer).audience).toBe("patient");
    const read = await app.request(`/api/v1/articles/${body.article.id}?audience=pharmacist`);
    expect(Answer.parse(((await read.json()) as { answer: unknown }).answer).audience).toBe("pharmacist");
    const followUp = await app.request(`/api/v1/articles/${body.article.id}/follow-ups`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: "What about in adults?" }),
    });
    expect(Answer.parse(((await followUp.json()) as { answer: unknown }).answer).searchedAs).toBe(
      "pars defect treatment adults",
    );
  });

  it("streams the answer as Server-Sent Events: statements, then the article", async () => {
    const response = await app.request("/api/v1/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ question: "What is the treatment for pars defect?" }),
    });
    expect(response.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    const events = [...(await response.text()).matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
    expect(events.filter((event) => event === "statement").length).toBeGreaterThan(3);
    expect(events.at(-1)).toBe("article");
    const article = /^event: article\ndata: (.+)$/m.exec(
      await (
        await app.request("/api/v1/ask", {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
          body: JSON.stringify({ question: "What is the treatment for pars defect?" }),
        })
      ).text(),
    )?.[1];
    const id = (JSON.parse(article ?? "{}") as { article: { id: string } }).article.id;
    const followUp = await app.request(`/api/v1/articles/${id}/follow-ups`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ question: "What about in adults?" }),
    });
    expect(await followUp.text()).toMatch(
      /event: article\ndata: .*"searchedAs":"pars defect treatment adults"/,
    );
  });

  it("searches and reads documents", async () => {
    const search = (await (await app.request("/api/v1/documents?q=pars%20defect&k=3")).json()) as {
      results: Array<{ id: string }>;
    };
    expect(search.results).toHaveLength(3);
    const document = await app.request(
      `/api/v1/documents/${encodeURIComponent(search.results[0]?.id ?? "")}`,
    );
    expect(document.status).toBe(200);
  });

  it("answers bad requests with RFC 9457 problems that say what is wrong", async () => {
    const cases: Array<[string, RequestInit | undefined, number, RegExp]> = [
      ["/api/v1/ask", { method: "POST", body: "not json" }, 400, /must be JSON/],
      [
        "/api/v1/ask",
        { method: "POST", body: JSON.stringify({ question: "" }) },
        400,
        /question: question is empty/,
      ],
      [
        "/api/v1/ask",
        { method: "POST", body: JSON.stringify({ question: "pars", audience: "robot" }) },
        400,
        /audience/,
      ],
      ["/api/v1/articles?limit=1000", undefined, 400, /limit/],
      ["/api/v1/articles/nope", undefined, 404, /no such article/],
      ["/api/v1/documents/nope:1", undefined, 404, /no such document/],
      ["/api/v1/nowhere", undefined, 404, /No route/],
      [
        "/api/v1/ask",
        { method: "POST", body: JSON.stringify({ question: "x".repeat(20_000) }) },
        413,
        /limited to 16 KB/,
      ],
    ];
    for (const [path, init, status, detail] of cases) {
      const response = await app.request(path, init);
      expect(response.status, path).toBe(status);
      expect(response.headers.get("Content-Type")).toBe("application/problem+json");
      const problem = (await response.json()) as { status: number; detail: string; title: string };
      expect(problem.status).toBe(status);
      expect(problem.detail).toMatch(detail);
    }
  });

  it("limits how often one client may ask, across app servers sharing the database", async () => {
    const own = await fixtureStore();
    try {
      // Two app servers behind a load balancer: the budget is counted in the store they share.
      const [first, second] = [
        createApp({ store: own.store, asksPerMinute: 1 }),
        createApp({ store: own.store, asksPerMinute: 1 }),
      ];
      const ask = (app: ReturnType<typeof createApp>) =>
        app.request("/api/v1/ask", { method: "POST", body: JSON.stringify({ question: "hello" }) });
      expect((await ask(first)).status).toBe(200);
      const refused = await ask(second);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    } finally {
      await own.remove();
    }
  });

  it("logs one JSON line per request with its id, and the id reaches the client", async () => {
    const lines: string[] = [];
    const logged = createApp({ store, logger: pino({}, { write: (line: string) => lines.push(line) }) });
    const response = await logged.request("/api/v1/articles/nope");
    const entry = JSON.parse(lines.at(-1) ?? "{}") as Record<string, unknown>;
    expect(entry).toMatchObject({ method: "GET", path: "/api/v1/articles/nope", status: 404 });
    expect(entry.requestId).toBe(response.headers.get("X-Request-Id"));
  });

  it("describes itself in OpenAPI 3.1", async () => {
    const document = (await (await app.request("/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/api/v1/ask", "/api/v1/articles/{id}", "/api/v1/documents"]),
    );
  });
});
