import { GalenError } from "../galen-error.ts";
import type { JobQueue } from "../store/job-queue.ts";

/**
 * The shared job queue on the PostgreSQL database, with GALEN_JOB_EXPIRE_SECONDS (how long a silent worker's job
 * waits before it runs again; default 300) and GALEN_JOB_MAINTENANCE_SECONDS (how often that is checked; 60).
 */
export async function openJobQueue(databaseUrl: string | undefined, command: string): Promise<JobQueue> {
  const url = sharedDatabase(databaseUrl, command);
  const { PgBossQueue } = await import("../store/postgres/pg-boss-queue.ts");
  const expireInSeconds = seconds("GALEN_JOB_EXPIRE_SECONDS");
  const maintenanceIntervalSeconds = seconds("GALEN_JOB_MAINTENANCE_SECONDS");
  return PgBossQueue.open(url, {
    ...(expireInSeconds ? { expireInSeconds } : {}),
    ...(maintenanceIntervalSeconds ? { maintenanceIntervalSeconds } : {}),
  });
}

/** The PostgreSQL database the queue lives in; a command that needs one says so before doing anything else. */
export function sharedDatabase(databaseUrl: string | undefined, command: string): string {
  if (!databaseUrl) {
    throw new GalenError(
      `${command} needs the shared PostgreSQL database: set GALEN_DATABASE_URL or pass --database-url.`,
      2,
    );
  }
  return databaseUrl;
}

function seconds(name: string): number | undefined {
  const text = process.env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new GalenError(
      `${name} must be a whole number of seconds (1 or more), not "${text}". Fix or unset it.`,
      2,
    );
  }
  return value;
}
