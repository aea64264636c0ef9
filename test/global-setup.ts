import type { TestProject } from "vitest/node";
import { postgresMissing, startPostgres } from "./postgres-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test PostgreSQL server's URL, or "" when PostgreSQL is not installed here. */
    postgresUrl: string;
  }
}

/** Starts one private PostgreSQL server for the whole run, when PostgreSQL is installed; stores test in it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (postgresMissing() !== undefined) {
    project.provide("postgresUrl", "");
    return async () => undefined;
  }
  const server = await startPostgres();
  project.provide("postgresUrl", server.url);
  return () => server.stop();
}
