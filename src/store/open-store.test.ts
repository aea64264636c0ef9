import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { toEvidenceDocument } from "../evidence/index.ts";
import { openCorpusStore } from "./open-store.ts";
import { toStoredDocument } from "./stored-document.ts";

describe("openCorpusStore", () => {
  const folder = mkdtempSync(join(tmpdir(), "galen-open-"));
  afterEach(() => {
    delete process.env.GALEN_SEARCH_MEMORY_MB;
  });

  it("refuses a search memory budget that is not a whole number of megabytes, naming the variable", async () => {
    process.env.GALEN_SEARCH_MEMORY_MB = "lots";
    await expect(openCorpusStore({ db: join(folder, "a.db") })).rejects.toThrow(
      /GALEN_SEARCH_MEMORY_MB must be a whole number \(0 or more\), not "lots"/,
    );
  });

  it("with no memory for the word index, still searches (every word read from the index when asked)", async () => {
    process.env.GALEN_SEARCH_MEMORY_MB = "0";
    const store = await openCorpusStore({ db: join(folder, "b.db") });
    await store.writeBatch({
      upserts: [
        toStoredDocument(
          toEvidenceDocument({
            id: "test:1",
            source: "test",
            title: "Gout flare",
            abstract: [{ text: "Colchicine." }],
          }),
        ),
      ],
      deletions: [],
    });
    expect((await store.warmSearchIndex())?.skipped).toBeGreaterThan(0);
    expect((await store.searchLexical({ terms: ["gout"] }, { limit: 5 })).map((hit) => hit.id)).toEqual([
      "test:1",
    ]);
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });
});
