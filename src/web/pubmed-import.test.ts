import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GalenStore, openCorpusStore } from "../store/index.ts";
import { createApp } from "./app.tsx";

const folder = mkdtempSync(join(tmpdir(), "galen-import-"));
let store: GalenStore;
let ncbi: Server;
let eutils = "";

beforeAll(async () => {
  store = await openCorpusStore({ db: join(folder, "empty.db") });
  // A stand-in for NCBI that finds nothing.
  ncbi = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ esearchresult: { count: "0", retmax: "0", retstart: "0", idlist: [] } }));
  });
  await new Promise<void>((resolve) => ncbi.listen(0, "127.0.0.1", resolve));
  eutils = `http://127.0.0.1:${(ncbi.address() as AddressInfo).port}/entrez/eutils/`;
});

afterAll(async () => {
  await store.close();
  await new Promise((resolve) => ncbi.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

const importForm = (query: string) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ query }).toString(),
});

/** The home page once it shows `pattern` (an unreachable NCBI takes the client's retries, several seconds). */
async function settled(app: ReturnType<typeof createApp>, pattern: RegExp): Promise<string> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const html = await (await app.request("/")).text();
    if (pattern.test(html)) return html;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the home page never showed ${pattern}`);
}

describe("the onboarding PubMed import", () => {
  it("offers the import on an empty corpus and reports what it found", async () => {
    const app = createApp({ store, env: { GALEN_EUTILS_URL: eutils } });
    expect(await (await app.request("/")).text()).toContain(
      '<form class="inline" method="post" action="/import">',
    );
    const response = await app.request("/import", importForm("spondylolysis"));
    expect(response.status).toBe(303);
    expect(await settled(app, /Imported 0 documents/)).toContain("spondylolysis");
  });

  it("says why when PubMed cannot be reached", async () => {
    const app = createApp({ store, env: { GALEN_EUTILS_URL: "http://127.0.0.1:9/entrez/eutils/" } });
    await app.request("/import", importForm("spondylolysis"));
    expect(await settled(app, /import for “spondylolysis” failed/)).toMatch(/failed: .+/);
  }, 40_000);

  it("refuses an empty search", async () => {
    const app = createApp({ store, env: {} });
    expect((await app.request("/import", importForm("  "))).status).toBe(400);
  });
});
