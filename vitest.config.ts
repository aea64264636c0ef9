import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // One private PostgreSQL server for the run (when installed), for the PostgreSQL store's tests.
    globalSetup: ["test/global-setup.ts"],
    // Tests use real parts (SQLite files, worker threads, child processes); none is timed, but some take seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
