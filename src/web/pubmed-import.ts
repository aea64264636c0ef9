import { errorMessage } from "../galen-error.ts";
import { ingestPubmedQuery } from "../ingest/ingest-pubmed-query.ts";
import type { CorpusStore } from "../store/corpus-store.ts";

export type ImportStatus =
  | { state: "idle" }
  | { state: "running"; query: string }
  | { state: "done"; query: string; documents: number }
  | { state: "failed"; query: string; message: string };

/** How many citations the onboarding form fetches at most. */
export const ONBOARDING_MAX = 500;

/**
 * The onboarding form's PubMed import: one at a time, in the background, reported on the home page. It uses
 * NCBI_API_KEY and GALEN_EUTILS_URL as `galen ingest --pubmed` does; without a network it fails with that message.
 */
export class PubmedImport {
  private current: ImportStatus = { state: "idle" };

  constructor(
    private readonly store: CorpusStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  status(): ImportStatus {
    return this.current;
  }

  /** Starts an import unless one is running; the promise settles when it ends (the app does not wait for it). */
  start(query: string, max: number): Promise<void> | undefined {
    if (this.current.state === "running") return undefined;
    this.current = { state: "running", query };
    return ingestPubmedQuery(this.store, query, {
      max: Math.min(max, ONBOARDING_MAX),
      ...(this.env.NCBI_API_KEY ? { apiKey: this.env.NCBI_API_KEY } : {}),
      ...(this.env.GALEN_EUTILS_URL ? { baseUrl: this.env.GALEN_EUTILS_URL } : {}),
    }).then(
      (summary) => {
        this.current = {
          state: "done",
          query,
          documents: summary.outcome.inserted + summary.outcome.updated,
        };
      },
      (error: unknown) => {
        this.current = { state: "failed", query, message: errorMessage(error) };
      },
    );
  }
}
