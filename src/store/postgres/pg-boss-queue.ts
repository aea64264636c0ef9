import PgBoss from "pg-boss";
import { GalenError } from "../../galen-error.ts";
import {
  JOB_KINDS,
  type JobHandler,
  type JobKind,
  JobNotDone,
  type JobQueue,
  UPKEEP_KINDS,
  type UpkeepKind,
} from "../job-queue.ts";
import { sqlState } from "./postgres-database.ts";

export interface PgBossQueueOptions {
  /** A job whose worker goes silent this long is taken for lost and run again (GALEN_JOB_EXPIRE_SECONDS). */
  expireInSeconds?: number;
  /** How often lost jobs are looked for (GALEN_JOB_MAINTENANCE_SECONDS). */
  maintenanceIntervalSeconds?: number;
}

/** How often a waiting server looks at its job. */
const POLL_MS = 100;
/** How often an idle worker looks at the queue (pg-boss's shortest). */
const WORKER_POLL_SECONDS = 0.5;

/**
 * The job queue on PostgreSQL, kept by pg-boss in its own schema of Galen's database. Each job may run twice at
 * most: once, and once more if its worker dies or fails (retryLimit 1).
 */
export class PgBossQueue implements JobQueue {
  private constructor(private readonly boss: PgBoss) {}

  static async open(url: string, options: PgBossQueueOptions = {}): Promise<PgBossQueue> {
    const expireInSeconds = options.expireInSeconds ?? 300;
    const boss = new PgBoss({
      connectionString: url,
      schema: "galen_jobs",
      application_name: "galen-jobs",
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
      monitorStateIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    });
    // Reported by the calls that fail; an idle connection dropped by the server must not end the process.
    boss.on("error", () => undefined);
    await whenSettled(() => boss.start());
    for (const kind of JOB_KINDS) {
      // An upkeep queue is "stately": at most one job waiting and one running, so repeated ingests do not pile up
      // identical checks.
      const policy = isUpkeep(kind) ? "stately" : "standard";
      await whenSettled(() =>
        boss.createQueue(kind, { name: kind, policy, retryLimit: 1, retryDelay: 0, expireInSeconds }),
      );
    }
    return new PgBossQueue(boss);
  }

  async submit(kind: JobKind, data: object): Promise<string> {
    const id = await this.boss.send(kind, data);
    if (id === null) throw new GalenError(`The job queue refused a ${kind} job. Check the worker logs.`);
    return id;
  }

  async schedule(kind: UpkeepKind): Promise<string | undefined> {
    return (await this.boss.send(kind, {})) ?? undefined;
  }

  async result(kind: JobKind, jobId: string, timeoutMs: number): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.boss.getJobById<object>(kind, jobId);
      if (job?.state === "completed") return job.output;
      if (job?.state === "failed" || job?.state === "cancelled") {
        throw new JobNotDone(`The ${kind} job failed: ${failure(job.output)}`);
      }
      if (Date.now() > deadline) {
        throw new JobNotDone(
          `No worker finished the ${kind} job within ${Math.round(timeoutMs / 1000)} s. Check that galen worker is running.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async work(kind: JobKind, concurrency: number, handler: JobHandler): Promise<void> {
    for (let slot = 0; slot < concurrency; slot++) {
      await this.boss.work<object>(
        kind,
        { batchSize: 1, pollingIntervalSeconds: WORKER_POLL_SECONDS },
        async ([job]) => (job ? handler(job.data, job.id) : {}),
      );
    }
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

function isUpkeep(kind: JobKind): kind is UpkeepKind {
  return (UPKEEP_KINDS as readonly JobKind[]).includes(kind);
}

function failure(output: unknown): string {
  if (typeof output === "object" && output !== null && "message" in output) return String(output.message);
  return "see the worker's log";
}

/**
 * Workers and servers that start together set the queue up together: one of them may lose a deadlock or find
 * what another just created. Each such step runs again, a moment later.
 */
async function whenSettled<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= 6 || !STARTUP_RACES.has(sqlState(error) ?? "")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
    }
  }
}

/** Deadlock, serialization failure, a unique key or table another process just created. */
const STARTUP_RACES = new Set(["40P01", "40001", "23505", "42P07"]);
