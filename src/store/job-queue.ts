import { z } from "zod";
import { GalenError } from "../galen-error.ts";

/** The work app servers hand to `galen worker` processes through the shared queue. */
export const JOB_KINDS = ["answer", "living-evidence", "embed"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * Upkeep of the whole installation after an ingest: checking approved articles for new evidence, and giving new
 * documents their vectors. One such job waits at a time; asking for another while it waits adds nothing.
 */
export const UPKEEP_KINDS = ["living-evidence", "embed"] as const satisfies readonly JobKind[];
export type UpkeepKind = (typeof UPKEEP_KINDS)[number];

/**
 * A question to answer and publish (a follow-up when the thread is given); `stream` when the asker waits for the
 * statements as they are written.
 */
export const AnswerJob = z.object({
  question: z.string().min(1),
  threadId: z.string().optional(),
  stream: z.boolean().optional(),
});
export type AnswerJob = z.infer<typeof AnswerJob>;

/** What an answer job produced: an article, or a polite reply to a question that was not clinical. */
export type AnswerOutcome = { kind: "article"; articleId: string } | { kind: "polite"; text: string };

/** The queue could not get a job done (no worker in time, or the job failed twice): the server is at fault, not the asker. */
export class JobNotDone extends GalenError {}

/**
 * Runs one job; what it returns is the job's result. `report` hands progress (an answer's statements as they are
 * checked) to the server waiting for the job, as it happens; progress is best effort, the result is not.
 */
export type JobHandler = (
  data: unknown,
  jobId: string,
  report: (progress: object) => void,
) => Promise<object>;

/**
 * A queue shared by app servers and workers: a job survives the crash of the worker running it (it runs once
 * more), and its result reaches whichever server waits for it.
 */
export interface JobQueue {
  /**
   * Queues a job and returns its id. `onProgress` receives what the job reports while it runs, from whichever
   * worker runs it, until `result` returns.
   */
  submit(kind: JobKind, data: object, onProgress?: (progress: unknown) => void): Promise<string>;
  /** Asks for an upkeep job; undefined when one of its kind is already waiting (it will do the same work). */
  schedule(kind: UpkeepKind): Promise<string | undefined>;
  /** The job's result once it is done; a GalenError when it failed or did not finish within `timeoutMs`. */
  result(kind: JobKind, jobId: string, timeoutMs: number): Promise<unknown>;
  /** Runs jobs of a kind as they come, `concurrency` at a time, until stopped. */
  work(kind: JobKind, concurrency: number, handler: JobHandler): Promise<void>;
  stop(): Promise<void>;
}
