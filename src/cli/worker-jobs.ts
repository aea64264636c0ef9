import type { Composer } from "../answer/composer.ts";
import { checkLivingEvidence } from "../editorial/living-evidence.ts";
import type { EmbeddingModel } from "../model/embedding-model.ts";
import { backfillEmbeddings } from "../search/backfill-embeddings.ts";
import type { GalenStore } from "../store/index.ts";
import { AnswerJob, type AnswerOutcome, type JobHandler, type JobKind } from "../store/job-queue.ts";
import { askAndPublish } from "../web/asker.ts";

/** Documents per request to the embedding server in a backfill job. */
const EMBED_BATCH = 64;

/**
 * What a worker does with each kind of job. An answer is published with the job's id as its request key, so a job
 * run again after a crash finds the thread, turn and article its first run saved instead of saving them again; its
 * statements are reported as they are checked, for the server to stream. An embedding backfill run again carries
 * on from the last batch saved.
 */
export function galenJobs(
  store: GalenStore,
  models: { composer?: Composer; embeddings?: EmbeddingModel } = {},
): Record<JobKind, JobHandler> {
  const { composer, embeddings } = models;
  return {
    async answer(data, jobId, report): Promise<AnswerOutcome> {
      const job = AnswerJob.parse(data);
      const asked = await askAndPublish(store, job.question, {
        requestKey: jobId,
        ...(job.stream ? { onStatement: report } : {}),
        ...(job.threadId ? { threadId: job.threadId } : {}),
        ...(composer ? { composer } : {}),
      });
      return asked.kind === "polite" ? asked : { kind: "article", articleId: asked.article.id };
    },
    async "living-evidence"() {
      const findings = await checkLivingEvidence(store);
      return { flagged: findings.map((finding) => finding.article.id) };
    },
    async embed() {
      // Workers without an embedding model do not take embed jobs (see galen worker); this one is a guard.
      if (!embeddings) throw new Error("This worker has no embedding model configured.");
      const embedded = await backfillEmbeddings(store, embeddings, { batchSize: EMBED_BATCH });
      return { model: embeddings.name, embedded };
    },
  };
}
