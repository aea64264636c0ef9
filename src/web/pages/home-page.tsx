import { READER_PROFILES, READERS } from "../../audience/reader-profiles.ts";
import type { ArticleSummary } from "../../store/article-store.ts";
import { type ImportStatus, ONBOARDING_MAX } from "../pubmed-import.ts";
import { Layout } from "./layout.tsx";
import { ArticleList } from "./library-page.tsx";
import { QuestionButtons } from "./question-buttons.tsx";

/**
 * Questions the sample corpora answer, with a trial behind each (test/example-questions.test.ts asks them): a
 * newcomer's first answers should show what Galen does well, not a refusal.
 */
export const EXAMPLE_QUESTIONS = [
  "Surgery or a sling for a displaced shoulder fracture in older adults?",
  "Does the ketogenic diet reduce seizures in children with epilepsy?",
  "Does as-needed budesonide-formoterol work in mild asthma?",
];

export interface HomePageProps {
  documents: number;
  recent: readonly ArticleSummary[];
  importing: ImportStatus;
}

/** One question box, examples, recent articles; on an empty corpus, how to load evidence. */
export function HomePage({ documents, recent, importing }: HomePageProps) {
  return (
    <Layout title="Ask a clinical question">
      <h1>Ask a clinical question</h1>
      <p class="meta">
        Answers cite the published evidence in this corpus ({documents.toLocaleString("en-US")} documents),
        sentence by sentence.
      </p>
      {importing.state !== "idle" ? <ImportNotice status={importing} /> : null}
      {documents === 0 ? <Onboarding importing={importing.state === "running"} /> : null}
      <form class="ask" method="post" action="/ask" data-stream="/api/v1/ask">
        <label for="question">Clinical question</label>
        <textarea
          id="question"
          name="question"
          required
          maxlength={2000}
          placeholder="What is the treatment for pars defect?"
        />
        <label for="audience">I am a</label>
        <select id="audience" name="audience">
          {READERS.map((reader) => (
            <option value={reader}>{READER_PROFILES[reader].label}</option>
          ))}
        </select>
        <button type="submit">Ask</button>
      </form>
      <div id="live" aria-live="polite" hidden />
      <script src="/assets/ask.js" defer />
      <h2>Example questions</h2>
      <QuestionButtons questions={EXAMPLE_QUESTIONS} action="/ask" />
      <h2>Recent articles</h2>
      <ArticleList articles={recent} />
    </Layout>
  );
}

function ImportNotice({ status }: { status: ImportStatus }) {
  const text =
    status.state === "running"
      ? `Importing PubMed results for “${status.query}”… reload this page to see progress.`
      : status.state === "done"
        ? `Imported ${status.documents.toLocaleString("en-US")} documents for “${status.query}”.`
        : status.state === "failed"
          ? `The PubMed import for “${status.query}” failed: ${status.message}`
          : "";
  return (
    <p class={status.state === "failed" ? "banner" : "meta"} role="status">
      {text}
    </p>
  );
}

function Onboarding({ importing }: { importing: boolean }) {
  return (
    <section class="onboarding" aria-labelledby="onboarding">
      <h2 id="onboarding">The corpus is empty: load evidence first</h2>
      <p>Run one of these in the folder where Galen is installed, then come back and ask:</p>
      <pre>
        {`npm run galen -- ingest --pubmed "spondylolysis" --max 500   # a live PubMed search (needs internet)
npm run galen -- ingest pubmed24n0001.xml.gz                 # PubMed/MEDLINE XML files or folders
npm run galen -- ingest ./scifact                            # a BEIR folder (corpus.jsonl)
npm run galen -- ingest my-documents.jsonl                   # Galen JSONL, one document a line`}
      </pre>
      <p>
        Or, when this server can reach the internet, import a PubMed search now (up to {ONBOARDING_MAX}{" "}
        citations):
      </p>
      <form class="inline" method="post" action="/import">
        <label for="pubmed-query">PubMed search</label>
        <input
          id="pubmed-query"
          type="search"
          name="query"
          required
          maxlength={500}
          placeholder="spondylolysis"
        />
        <button type="submit" disabled={importing}>
          Import
        </button>
      </form>
    </section>
  );
}
