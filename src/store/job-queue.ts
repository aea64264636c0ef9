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

/** A question to answer and publish (a follow-up when the thread is given). */
export const AnswerJob = z.object({ question: z.string().min(1), threadId: z.string().optional() });
export type AnswerJob = z.infer<typeof AnswerJob>;

/** What an answer job produced: an article, or a polite reply to a question that was not clinical. */
export type AnswerOutcome = { kind: "article"; articleId: string } | { kind: "polite"; text: string };

/** The queue could not get a job done (no worker in time, or the job failed twice): the server is at fault, not the asker. */
export class JobNotDone extends GalenError {}

/** Runs one job; what it returns is the job's result. */
export type JobHandler = (data: unknown, jobId: string) => Promise<object>;

/**
 * A queue shared by app servers and workers: a job survives the crash of the worker running it (it runs once
 * more), and its result reaches whichever server waits for it.
 */
export interface JobQueue {
  submit(kind: JobKind, data: object): Promise<string>;
  /** Asks for an upkeep job; undefined when one of its kind is already waiting (it will do the same work). */
  schedule(kind: UpkeepKind): Promise<string | undefined>;
  /** The job's result once it is done; a GalenError when it failed or did not finish within `timeoutMs`. */
  result(kind: JobKind, jobId: string, timeoutMs: number): Promise<unknown>;
  /** Runs jobs of a kind as they come, `concurrency` at a time, until stopped. */
  work(kind: JobKind, concurrency: number, handler: JobHandler): Promise<void>;
  stop(): Promise<void>;
}
