import { randomUUID } from "node:crypto";
import pg from "pg";
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
/** Progress travels as PostgreSQL notifications on this channel: { job, progress } as JSON. */
const PROGRESS_CHANNEL = "galen_job_progress";
/** PostgreSQL refuses notifications over 8,000 bytes; larger progress is left out (the result still comes). */
const MOST_PROGRESS_BYTES = 7_900;

/**
 * The job queue on PostgreSQL, kept by pg-boss in its own schema of Galen's database. Each job may run twice at
 * most: once, and once more if its worker dies or fails (retryLimit 1). Progress goes from worker to server by
 * NOTIFY and LISTEN: a worker sends each report in turn, and a server listens on one connection for all the jobs
 * it waits on.
 */
export class PgBossQueue implements JobQueue {
  private readonly waiting = new Map<string, (progress: unknown) => void>();
  private listener: Promise<pg.Client> | undefined;
  /** Reports are sent one after another, so that they arrive in the order they were made. */
  private reports: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly boss: PgBoss,
    private readonly url: string,
  ) {}

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
    return new PgBossQueue(boss, url);
  }

  async submit(kind: JobKind, data: object, onProgress?: (progress: unknown) => void): Promise<string> {
    // The id is chosen here so that the server listens before any worker can report.
    const id = randomUUID();
    if (onProgress) {
      await this.listen();
      this.waiting.set(id, onProgress);
    }
    const sent = await this.boss.send(kind, data, { id }).catch((error: unknown) => {
      this.waiting.delete(id);
      throw error;
    });
    if (sent === null) {
      this.waiting.delete(id);
      throw new GalenError(`The job queue refused a ${kind} job. Check the worker logs.`);
    }
    return id;
  }

  /** One connection that LISTENs for every job this server waits on; opened again after it is lost. */
  private async listen(): Promise<pg.Client> {
    this.listener ??= (async () => {
      const client = new pg.Client({ connectionString: this.url, application_name: "galen-progress" });
      client.on("notification", (message) => this.deliver(message.payload));
      // Progress is best effort: a lost connection loses what it carried, and the next ask opens another.
      client.on("error", () => {
        this.listener = undefined;
      });
      await client.connect();
      await client.query(`LISTEN ${PROGRESS_CHANNEL}`);
      return client;
    })().catch((error: unknown) => {
      this.listener = undefined;
      throw error;
    });
    return this.listener;
  }

  private deliver(payload: string | undefined): void {
    try {
      const { job, progress } = JSON.parse(payload ?? "") as { job?: unknown; progress?: unknown };
      if (typeof job === "string") this.waiting.get(job)?.(progress);
    } catch {
      // Not Galen's: another program may notify on the channel too.
    }
  }

  private report(job: string, progress: object): void {
    const payload = JSON.stringify({ job, progress });
    if (Buffer.byteLength(payload, "utf8") > MOST_PROGRESS_BYTES) return;
    this.reports = this.reports
      .then(() => this.boss.getDb().executeSql("SELECT pg_notify($1, $2)", [PROGRESS_CHANNEL, payload]))
      .catch(() => undefined);
  }

  async schedule(kind: UpkeepKind): Promise<string | undefined> {
    return (await this.boss.send(kind, {})) ?? undefined;
  }

  async result(kind: JobKind, jobId: string, timeoutMs: number): Promise<unknown> {
    try {
      return await this.awaitResult(kind, jobId, timeoutMs);
    } finally {
      this.waiting.delete(jobId);
    }
  }

  private async awaitResult(kind: JobKind, jobId: string, timeoutMs: number): Promise<unknown> {
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
        async ([job]) => (job ? handler(job.data, job.id, (progress) => this.report(job.id, progress)) : {}),
      );
    }
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    const listener = this.listener;
    this.listener = undefined;
    await (await listener?.catch(() => undefined))?.end();
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
