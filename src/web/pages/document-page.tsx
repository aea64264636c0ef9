import { EVIDENCE_LEVEL_LABELS, type EvidenceDocument } from "../../evidence/index.ts";
import type { ArticleSummary } from "../../store/article-store.ts";
import { Layout } from "./layout.tsx";
import { ArticleList } from "./library-page.tsx";

/** One source: its citation details, abstract, evidence level, MeSH terms and the articles that cite it. */
export function DocumentPage({
  document,
  citing,
}: {
  document: EvidenceDocument;
  citing: readonly ArticleSummary[];
}) {
  const authors = document.authors
    .map((author) => author.collectiveName ?? [author.lastName, author.initials].filter(Boolean).join(" "))
    .filter(Boolean)
    .join(", ");
  return (
    <Layout title={document.title || document.id}>
      <h1>{document.title || document.id}</h1>
      <p class="meta">
        {[authors, document.journal, document.publicationDate?.year].filter(Boolean).join(" · ")}
        <span class="level">
          {EVIDENCE_LEVEL_LABELS[document.evidenceLevel]}
          {document.evidenceLevelInferred ? " (inferred from the abstract)" : null}
        </span>
        {document.retracted ? <strong> · RETRACTED</strong> : null}
      </p>
      <p class="meta">
        {document.id}
        {document.pmid ? (
          <>
            {" · "}
            <a href={`https://pubmed.ncbi.nlm.nih.gov/${document.pmid}/`}>PubMed</a>
          </>
        ) : null}
        {document.doi ? (
          <>
            {" · "}
            <a href={`https://doi.org/${encodeURI(document.doi)}`}>DOI</a>
          </>
        ) : null}
      </p>
      <h2>Abstract</h2>
      {document.abstract.length === 0 ? <p class="meta">No abstract.</p> : null}
      {document.abstract.map((section) => (
        <p>
          {section.label ? <strong>{section.label}. </strong> : null}
          {section.text}
        </p>
      ))}
      {document.mesh.length > 0 ? (
        <>
          <h2>MeSH terms</h2>
          <p>{document.mesh.map((heading) => heading.descriptor).join("; ")}</p>
        </>
      ) : null}
      <h2>Articles that cite it</h2>
      <ArticleList articles={citing} />
    </Layout>
  );
}
