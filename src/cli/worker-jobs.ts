import type { Composer } from "../answer/composer.ts";
import { checkLivingEvidence } from "../editorial/living-evidence.ts";
import type { GalenStore } from "../store/index.ts";
import { AnswerJob, type AnswerOutcome, type JobHandler, type JobKind } from "../store/job-queue.ts";
import { askAndPublish } from "../web/asker.ts";

/**
 * What a worker does with each kind of job. An answer is published with the job's id as its request key, so a job
 * run again after a crash finds the article its first run saved instead of publishing a second one.
 */
export function galenJobs(store: GalenStore, composer?: Composer): Record<JobKind, JobHandler> {
  return {
    async answer(data, jobId): Promise<AnswerOutcome> {
      const job = AnswerJob.parse(data);
      const asked = await askAndPublish(store, job.question, {
        requestKey: jobId,
        ...(job.threadId ? { threadId: job.threadId } : {}),
        ...(composer ? { composer } : {}),
      });
      return asked.kind === "polite" ? asked : { kind: "article", articleId: asked.article.id };
    },
    async "living-evidence"() {
      const findings = await checkLivingEvidence(store);
      return { flagged: findings.map((finding) => finding.article.id) };
    },
  };
}
