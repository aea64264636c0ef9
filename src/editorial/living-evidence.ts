import { Answer } from "../answer/answer.ts";
import { searchDocuments } from "../search/index.ts";
import type { ArticleSummary, NewEvidence } from "../store/article-store.ts";
import type { GalenStore } from "../store/galen-store.ts";

/** A newly ingested document counts as new evidence for an article when it ranks this high for its question. */
export const NEW_EVIDENCE_RANK = 10;

export interface LivingEvidenceFinding {
  article: ArticleSummary;
  evidence: NewEvidence;
}

/**
 * Checks every article with an approved version against the corpus as it is now: documents added (or replaced)
 * since the approval that rank among the top results for its question and are not cited, and cited sources since
 * retracted. Each article with such news is flagged "new evidence available" and goes back to the review queue
 * (readers keep the approved version, under a notice); an article already flagged is flagged again only when the
 * news has grown.
 */
export async function checkLivingEvidence(
  store: GalenStore,
  options: { rank?: number; now?: Date } = {},
): Promise<LivingEvidenceFinding[]> {
  const rank = options.rank ?? NEW_EVIDENCE_RANK;
  const findings: LivingEvidenceFinding[] = [];
  for (const article of await store.listArticles({ published: true, limit: Number.MAX_SAFE_INTEGER })) {
    const evidence = await newEvidenceFor(store, article, rank, options.now ?? new Date());
    if (evidence === undefined || !grown(article.newEvidence, evidence)) continue;
    const flagged = await store.flagNewEvidence(article.id, evidence);
    if (flagged === undefined) continue;
    await store.appendAudit({
      actor: "galen",
      action: "article.new-evidence",
      target: `article:${article.id}`,
      details: {
        from: article.status,
        to: flagged.status,
        documents: evidence.documents.map((document) => document.id),
        retracted: evidence.retracted,
      },
    });
    findings.push({ article: flagged, evidence });
  }
  return findings;
}

async function newEvidenceFor(
  store: GalenStore,
  article: ArticleSummary,
  rank: number,
  now: Date,
): Promise<NewEvidence | undefined> {
  if (article.approvedVersion === undefined || article.approvedAt === undefined) return undefined;
  const approved = await store.getArticle(article.id, article.approvedVersion);
  if (approved === undefined) return undefined;
  const parsed = Answer.safeParse(approved.answer);
  if (!parsed.success) return undefined;
  const answer = parsed.data;
  const cited = new Set(answer.references.map((reference) => reference.id));
  const search = await searchDocuments(store, answer.searchedAs ?? answer.question, {
    k: rank,
    snippets: false,
  });
  const candidates = search.results.filter((result) => !cited.has(result.id));
  const changed = new Set(
    await store.documentsChangedSince(
      candidates.map((result) => result.id),
      article.approvedAt,
    ),
  );
  const documents = candidates
    .filter((result) => changed.has(result.id))
    .map((result) => ({ id: result.id, title: result.title, rank: result.rank }));
  const retracted = (await Promise.all([...cited].map((id) => store.getDocument(id))))
    .filter((document) => document?.retracted === true)
    .map((document) => document?.id ?? "");
  if (documents.length === 0 && retracted.length === 0) return undefined;
  return { foundAt: now.toISOString(), documents, retracted };
}

/** Whether the news names a document or retraction that the article's flag does not already list. */
function grown(previous: NewEvidence | undefined, next: NewEvidence): boolean {
  if (previous === undefined) return true;
  const known = new Set([...previous.documents.map((document) => document.id), ...previous.retracted]);
  return [...next.documents.map((document) => document.id), ...next.retracted].some((id) => !known.has(id));
}
