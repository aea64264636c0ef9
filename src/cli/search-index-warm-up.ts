import { errorMessage } from "../galen-error.ts";
import type { GalenStore } from "../store/index.ts";

export interface BackgroundWarmUp {
  /** Keeps the outcome unsaid: call it before closing the store, which ends the reading. */
  quiet(): void;
  /** Settles once the reading has ended, read whole, stopped by the store's closing, or failed. */
  done: Promise<void>;
}

/**
 * Reads the store's search index into memory while the caller already serves (searches meanwhile read what they
 * need themselves) and says so in one line on stderr; a failure only costs speed, so it is reported and serving
 * goes on.
 */
export function warmSearchIndexInBackground(store: GalenStore): BackgroundWarmUp {
  let quiet = false;
  const started = performance.now();
  const done = store.warmSearchIndex().then(
    (warmed) => {
      if (warmed === undefined || quiet) return;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const left =
        warmed.skipped > 0
          ? `; ${warmed.skipped.toLocaleString("en-US")} words left out (raise GALEN_SEARCH_MEMORY_MB)`
          : "";
      process.stderr.write(
        `Search index in memory: ${warmed.words.toLocaleString("en-US")} words, ${Math.round(warmed.bytes / 2 ** 20)} MB, read in ${seconds} s${left}\n`,
      );
    },
    (error: unknown) => {
      if (quiet) return;
      process.stderr.write(
        `Search index not read into memory (${errorMessage(error)}); searches read it as they go.\n`,
      );
    },
  );
  return {
    quiet: () => {
      quiet = true;
    },
    done,
  };
}
