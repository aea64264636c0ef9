import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The read-only public data in ../shared/data (present for developers and CI, never on a user's machine). Tests
 * that need it are skipped, saying so, when it is absent.
 */
export const SHARED_DATA = fileURLToPath(new URL("../../shared/data/", import.meta.url));

export function sharedData(relative: string): string {
  return `${SHARED_DATA}${relative}`;
}

export const hasSharedData = existsSync(SHARED_DATA);

export const SKIP_REASON = `needs ../shared/data (not found at ${SHARED_DATA})`;
