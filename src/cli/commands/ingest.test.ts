import { describe, expect, it } from "vitest";
import type { IngestSummary } from "../../ingest/ingest-sources.ts";
import { describeSummary } from "./ingest.ts";

const loaded: IngestSummary = {
  sources: [
    {
      path: "baseline.xml.gz",
      format: "pubmed-xml",
      status: "ingested",
      records: 609,
      resumedAfter: 0,
      outcome: { inserted: 609, updated: 0, unchanged: 0, deleted: 0 },
    },
  ],
  outcome: { inserted: 609, updated: 0, unchanged: 0, deleted: 0 },
  elapsedMs: 2000,
  interrupted: false,
};

describe("the ingest summary", () => {
  it("says how long the search index took to optimize after a bulk load, and nothing when it was not", () => {
    expect(describeSummary({ ...loaded, optimizeMs: 6.4 })).toContain(
      "Search index optimized after the bulk load in 6 ms (included above).",
    );
    expect(describeSummary({ ...loaded, optimizeMs: 1260 })).toContain(
      "optimized after the bulk load in 1.3 s",
    );
    const summary = describeSummary(loaded);
    expect(summary).toContain("Ingested in 2.0 s: 609 new, 0 updated, 0 unchanged, 0 deleted (305 docs/s)");
    expect(summary).not.toContain("optimized");
  });
});
