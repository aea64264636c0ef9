import { READER_PROFILES, READERS } from "../../audience/reader-profiles.ts";
import type { ArticleSummary } from "../../store/article-store.ts";
import { Layout } from "./layout.tsx";
import { ArticleList } from "./library-page.tsx";

export const EXAMPLE_QUESTIONS = [
  "What is the treatment for pars defect?",
  "Does vitamin D supplementation prevent fractures?",
  "Inhaled budesonide in mild asthma",
];

export interface HomePageProps {
  documents: number;
  recent: readonly ArticleSummary[];
}

/** One question box, examples, recent articles; on an empty corpus, how to load evidence. */
export function HomePage({ documents, recent }: HomePageProps) {
  return (
    <Layout title="Ask a clinical question">
      <h1>Ask a clinical question</h1>
      <p class="meta">
        Answers cite the published evidence in this corpus ({documents.toLocaleString("en-US")} documents),
        sentence by sentence.
      </p>
      {documents === 0 ? <Onboarding /> : null}
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
      <ul class="plain">
        {EXAMPLE_QUESTIONS.map((question) => (
          <li>
            <form method="post" action="/ask">
              <input type="hidden" name="question" value={question} />
              <button class="link" type="submit">
                {question}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2>Recent articles</h2>
      <ArticleList articles={recent} />
    </Layout>
  );
}

function Onboarding() {
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
    </section>
  );
}
