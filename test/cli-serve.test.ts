import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./free-port.ts";
import { makeTempDir, runGalen, startGalen } from "./run-galen.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/answer-corpus.jsonl", import.meta.url));
const folder = makeTempDir();
const db = join(folder, "corpus.db");

beforeAll(async () => {
  expect((await runGalen(["ingest", FIXTURE, "--db", db])).code).toBe(0);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function waitFor(url: string): Promise<Response> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      return await fetch(url);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${url} never answered`);
}

describe("galen serve", () => {
  it("serves the app and the API, and stops gracefully on SIGTERM", async () => {
    const port = await freePort();
    const serving = startGalen(["serve", "--db", db, "--no-samples", "--port", String(port)]);
    const home = await waitFor(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("30 documents");
    const api = await fetch(`http://127.0.0.1:${port}/api/v1/ask`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: "What is the treatment for pars defect?" }),
    });
    expect(api.status).toBe(201);
    serving.child.kill("SIGTERM");
    const result = await serving.result;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Galen is serving 30 documents at http:\/\/127\.0\.0\.1:\d+\//);
    expect(result.stderr).toMatch(/Search index in memory: [\d,]+ words, \d+ MB, read in [\d.]+ s\n/);
  });

  it("says clearly when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const result = await runGalen(["serve", "--db", db, "--no-samples", "--port", String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`^galen: Port ${port} is in use\\. Stop what uses it, or choose another with --port\\.`),
      );
    } finally {
      blocker.close();
    }
  });
});
