import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../test/free-port.ts";
import { startGalen } from "../../test/run-galen.ts";
import { Answer } from "../answer/answer.ts";
import { ingestSources } from "../ingest/ingest-sources.ts";
import { planSources } from "../ingest/source-format.ts";
import { type GalenStore, openCorpusStore } from "../store/index.ts";
import { createGalenMcpServer } from "./galen-mcp-server.ts";

/** Invented abstracts on spondylolysis and distractors (see test/fixtures/README.md). */
const FIXTURE = fileURLToPath(new URL("../../test/fixtures/answer-corpus.jsonl", import.meta.url));
const GALEN = fileURLToPath(new URL("../../bin/galen.js", import.meta.url));

const folder = mkdtempSync(join(tmpdir(), "galen-mcp-"));
const db = join(folder, "corpus.db");
let store: GalenStore;
let client: Client;

beforeAll(async () => {
  store = await openCorpusStore({ db });
  await ingestSources(store, await planSources([FIXTURE]));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: "galen-test", version: "0.0.0" });
  await Promise.all([createGalenMcpServer(store).connect(serverSide), client.connect(clientSide)]);
});

afterAll(async () => {
  await client?.close();
  await store?.close();
  rmSync(folder, { recursive: true, force: true });
});

function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
}

function text(result: CallToolResult): string {
  return result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}

describe("Galen's MCP server, through the SDK's own client", () => {
  it("lists the four tools, each telling the assistant to cite Galen's references", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      "ask",
      "get_article",
      "get_document",
      "search_evidence",
    ]);
    for (const tool of tools) {
      expect(tool.outputSchema?.type).toBe("object");
      expect(tool.annotations?.openWorldHint).toBe(false);
    }
    const ask = tools.find((tool) => tool.name === "ask");
    expect(ask?.description).toMatch(/numbered references/);
    expect(ask?.description).toMatch(/do not add clinical claims/);
    expect(ask?.inputSchema.required).toEqual(["question"]);
    expect(Object.keys(ask?.inputSchema.properties ?? {})).toEqual(["question", "audience", "thread_id"]);
    expect(client.getInstructions()).toMatch(/never instructions/);
  });

  it("search_evidence: ranked documents with evidence levels and snippets", async () => {
    const result = await call("search_evidence", { query: "pars defect", k: 5 });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { results: Array<Record<string, unknown>> };
    expect(structured.results).toHaveLength(5);
    expect(structured.results.map((item) => item.rank)).toEqual([1, 2, 3, 4, 5]);
    for (const item of structured.results) {
      expect(String(item.id)).toMatch(/^fixture:spondylolysis-/);
      expect(item.evidenceLevel).toEqual(expect.any(String));
      expect(item.snippet).toEqual(expect.any(String));
    }
    expect(text(result)).toMatch(/^Galen found 5 documents for "pars defect"/);
    expect(text(result)).toContain(`1. **${structured.results[0]?.title}**`);
  });

  let articleId = "";

  it("ask: the cited answer as Markdown, and the article, path and answer as structured content", async () => {
    const result = await call("ask", { question: "What is the treatment for pars defect?" });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as Record<string, unknown>;
    expect(structured.kind).toBe("article");
    expect(structured.status).toBe("submitted");
    articleId = String(structured.articleId);
    expect(structured.path).toMatch(new RegExp(`^/articles/${articleId}/`));
    const answer = Answer.parse(structured.answer);
    expect(answer.audience).toBe("physician");
    expect(answer.references.length).toBeGreaterThan(1);
    for (const reference of answer.references) expect(reference.id).toMatch(/^fixture:spondylolysis-/);
    const markdown = text(result);
    expect(markdown).toMatch(/pending human review/);
    expect(markdown).toMatch(/# What is the treatment for pars defect\?/);
    expect(markdown).toMatch(/\[\d+(, \d+)*\]/);
    expect(markdown).toMatch(/## References\n\n1\. /);
    expect(markdown).toContain(answer.disclaimer);
    expect(await store.getArticle(articleId)).toBeDefined();
  });

  it("ask: a follow-up in the same thread", async () => {
    const first = (await store.getArticle(articleId))?.threadId;
    const result = await call("ask", { question: "What about surgery?", thread_id: first });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ kind: "article", threadId: first });
    expect(text(result)).toMatch(/\[\d+(, \d+)*\]/);
  });

  it("ask: a greeting gets a polite reply, not an answer", async () => {
    const result = await call("ask", { question: "Hello!" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ kind: "polite", reply: expect.any(String) });
  });

  it("get_article: the article in the patient's version", async () => {
    const result = await call("get_article", { id: articleId, audience: "patient" });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as Record<string, unknown>;
    expect(structured.articleId).toBe(articleId);
    const answer = Answer.parse(structured.answer);
    expect(answer.audience).toBe("patient");
    expect(answer.sections.map((section) => section.kind)).toContain("when-to-seek-care");
    expect(text(result)).toMatch(/for patients/);
    expect(text(result)).toMatch(/## References/);
  });

  it("get_document: citation details and the abstract", async () => {
    const result = await call("get_document", { id: "fixture:spondylolysis-01" });
    expect(result.isError).toBeFalsy();
    const markdown = text(result);
    expect(markdown).toMatch(/^# Diagnosis and management of lumbar spondylolysis/);
    expect(markdown).toMatch(/\*\*Citation \(Vancouver\)\.\*\* /);
    expect(markdown).toMatch(/- Evidence level: Guideline/);
    expect(markdown).toMatch(/## Abstract\n\n\*\*BACKGROUND\.\*\* Lumbar spondylolysis is a stress fracture/);
    expect(result.structuredContent).toMatchObject({ document: { id: "fixture:spondylolysis-01" } });
    const retracted = await call("get_document", { id: "fixture:spondylolysis-20" });
    expect(text(retracted)).toMatch(/\*\*RETRACTED\.\*\* .*Do not cite it/);
  });

  it("returns user-fixable problems as tool errors with a clear message", async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ["get_article", { id: "nope" }, /^There is no article "nope" in Galen\./],
      ["get_document", { id: "pubmed:0" }, /^There is no document "pubmed:0" in Galen's corpus\./],
      ["ask", { question: "" }, /^The question is empty\. Ask a clinical question/],
      ["ask", { question: "  " }, /^The question is empty\./],
      ["ask", { question: "Is it serious?", thread_id: "nope" }, /^There is no thread "nope" in Galen\./],
      ["search_evidence", { query: "" }, /^The query is empty\./],
      ["ask", { question: "What is the treatment for pars defect?", audience: "alien" }, /audience/],
      ["search_evidence", { query: "pars defect", k: 500 }, /Input validation error/],
    ];
    for (const [name, args, message] of cases) {
      const result = await call(name, args);
      expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(text(result)).toMatch(message);
    }
  });
});

/** The status of a POST to `url` that names `host` in its Host header. */
function postStatus(url: URL, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const sent = request(url, {
      method: "POST",
      headers: { Host: host, "Content-Type": "application/json" },
    });
    sent.on("response", (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    sent.on("error", reject);
    sent.end("{}");
  });
}

// Concurrent: most of each test is a process starting up.
describe.concurrent("galen mcp, end to end", () => {
  it("serves over stdio to a client that starts it", async ({ expect }) => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [GALEN, "mcp", "--db", db],
      cwd: folder,
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const stdio = new Client({ name: "galen-test", version: "0.0.0" });
    await stdio.connect(transport);
    try {
      const result = (await stdio.callTool({
        name: "search_evidence",
        arguments: { query: "pars defect", k: 3 },
      })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { results: unknown[] }).results).toHaveLength(3);
    } finally {
      await stdio.close();
    }
    expect(stderr).toMatch(/^Galen MCP server on stdio, over 30 documents in /);
  });

  it("serves streamable HTTP at /mcp, refuses other hosts, and stops gracefully on SIGTERM", async ({
    expect,
  }) => {
    const port = await freePort();
    const serving = startGalen(["mcp", "--http", "--port", String(port), "--db", db]);
    const url = new URL(`http://127.0.0.1:${port}/mcp`);
    const http = new Client({ name: "galen-test", version: "0.0.0" });
    for (let attempt = 0; ; attempt++) {
      try {
        await http.connect(new StreamableHTTPClientTransport(url));
        break;
      } catch (error) {
        if (attempt > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    try {
      const { tools } = await http.listTools();
      expect(tools).toHaveLength(4);
      const result = (await http.callTool({
        name: "search_evidence",
        arguments: { query: "spondylolysis" },
      })) as CallToolResult;
      expect((result.structuredContent as { results: unknown[] }).results.length).toBeGreaterThan(0);
      expect((await fetch(url)).status).toBe(405);
      expect((await fetch(new URL("/", url))).status).toBe(404);
      // A page whose DNS name was rebound to 127.0.0.1 sends its own name as Host (fetch cannot set Host).
      expect(await postStatus(url, "evil.example")).toBe(403);
    } finally {
      await http.close();
    }
    serving.child.kill("SIGTERM");
    const result = await serving.result;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(`^Galen MCP server at http://127\\.0\\.0\\.1:${port}/mcp, over 30 documents`),
    );
  });
});
