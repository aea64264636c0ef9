import type { Child } from "hono/jsx";
import {
  type Answer,
  type AnswerSection,
  answerStatements,
  CLOSEST_HEADING,
  closestDocuments,
  type Reference,
  type Statement,
} from "../../answer/answer.ts";
import { READER_PROFILES, READERS, type Reader } from "../../audience/reader-profiles.ts";
import { isApprovedVersion, lastUpdated } from "../../editorial/public-version.ts";
import { EVIDENCE_LEVEL_LABELS } from "../../evidence/index.ts";
import type { ArticleSummary } from "../../store/article-store.ts";
import { STATUS_LABELS } from "../articles.ts";
import { EvidenceChart } from "./evidence-chart.tsx";
import { Layout } from "./layout.tsx";
import { QuestionButtons } from "./question-buttons.tsx";

export interface ArticlePageProps {
  /** The article and the version shown. */
  article: ArticleSummary & { version: number };
  /** The review panel, for a signed-in board member. */
  review?: Child;
  /** The answer in the chosen reader's version. */
  answer: Answer;
  reader: Reader;
  path: string;
  canonical?: string;
}

/** The anatomy of a reviewed clinical answer page, in the order readers expect it. */
export function ArticlePage({ article, answer, reader, path, canonical, review }: ArticlePageProps) {
  const quotes = quotesByReference(answer);
  return (
    <Layout title={answer.question} {...(canonical ? { canonical } : {})}>
      <article>
        {answer.urgentNotice ? (
          <p class="urgent" role="alert">
            {answer.urgentNotice}
          </p>
        ) : null}
        <h1>{answer.question}</h1>
        <ReviewStatusLine article={article} />
        {review ?? null}
        <ReaderChoice reader={reader} path={path} />
        {answer.searchedAs ? <p class="meta">Searched as: {answer.searchedAs}</p> : null}
        {answer.bottomLine.length > 0 ? (
          <section class="bottom-line" aria-labelledby="bottom-line">
            <h2 id="bottom-line">Bottom line</h2>
            <p>
              {answer.bottomLine.map((statement) => (
                <>
                  <StatementText statement={statement} />{" "}
                </>
              ))}
            </p>
          </section>
        ) : null}
        {answer.sections.map((section) => (
          <SectionBlock section={section} />
        ))}
        {answer.insufficientEvidence && closestDocuments(answer).length > 0 ? (
          <RetrievedList answer={answer} />
        ) : null}
        {answer.caveats.length > 0 ? (
          <section aria-labelledby="caveats">
            <h2 id="caveats">Caveats</h2>
            <ul>
              {answer.caveats.map((caveat) => (
                <li>{caveat}</li>
              ))}
            </ul>
          </section>
        ) : null}
        {answer.references.length > 0 ? (
          <section aria-labelledby="references">
            <h2 id="references">References</h2>
            <ol class="references">
              {answer.references.map((reference) => (
                <ReferenceItem reference={reference} quotes={quotes.get(reference.number) ?? []} />
              ))}
            </ol>
            <h2 id="glance">Evidence at a glance</h2>
            <p class="meta">{answer.evidenceSummary.text}</p>
            <EvidenceChart references={answer.references} />
          </section>
        ) : null}
        <p class="meta">{answer.disclaimer}</p>
        <ShareBox article={article} path={path} reader={reader} />
        <FollowUpBox article={article} answer={answer} reader={reader} />
      </article>
    </Layout>
  );
}

/** Review status, "Last updated", who approved, and the banners readers must see before they read on. */
function ReviewStatusLine({ article }: { article: ArticleSummary & { version: number } }) {
  const approved = isApprovedVersion(article);
  const updated = lastUpdated(article);
  return (
    <>
      <p class="meta">
        <span class="status">{approved ? STATUS_LABELS.approved : STATUS_LABELS[article.status]}</span> · Last
        updated <time datetime={updated}>{updated.slice(0, 10)}</time> ·{" "}
        <a href="/editorial-policy">Editorial policy</a>
      </p>
      {approved && article.reviewedBy ? (
        <p class="meta">Reviewed and approved by {article.reviewedBy}, medical advisory board.</p>
      ) : null}
      {approved ? null : (
        <p class="banner" role="note">
          Educational purpose only · content is pending human review
        </p>
      )}
      {article.newEvidence ? (
        <p class="banner" role="note">
          New evidence has been published since this article was approved
          {article.newEvidence.retracted.length > 0 ? ", and a source it cites has been retracted" : ""}. The
          medical advisory board is reviewing it.
        </p>
      ) : null}
    </>
  );
}

/** "Personalize — which best describes you?": a plain GET form, so it works without JavaScript. */
function ReaderChoice({ reader, path }: { reader: Reader; path: string }) {
  return (
    <form class="inline no-print" method="get" action={path}>
      <label for="audience">Personalize — which best describes you?</label>
      <select id="audience" name="audience">
        {READERS.map((option) => (
          <option value={option} selected={option === reader}>
            {READER_PROFILES[option].label}
          </option>
        ))}
      </select>
      <button type="submit">Show</button>
    </form>
  );
}

function SectionBlock({ section }: { section: AnswerSection }) {
  const id = `section-${section.kind}`;
  const List = section.kind === "treatment-algorithm" ? "ol" : "ul";
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{section.heading}</h2>
      <List>
        {section.items.map((item) =>
          item.label ? (
            <li>
              <strong>{item.label}</strong>
              <ul>
                {item.statements.map((statement) => (
                  <li>
                    <StatementText statement={statement} />
                  </li>
                ))}
              </ul>
            </li>
          ) : (
            item.statements.map((statement) => (
              <li>
                <StatementText statement={statement} />
              </li>
            ))
          ),
        )}
      </List>
    </section>
  );
}

/** A statement with superscript links to its references; Galen's own words marked, unverified claims flagged. */
function StatementText({ statement }: { statement: Statement }) {
  if (statement.kind === "framing") return <span class="framing">{statement.text}</span>;
  return (
    <>
      <span class={statement.flag ? "flag" : undefined} title={statement.flag}>
        {statement.text}
      </span>
      {statement.flag ? <em> ({statement.flag})</em> : null}
      {statement.citations.map((number) => (
        <sup>
          <a href={`#ref-${number}`} aria-label={`Reference ${number}`}>
            {number}
          </a>
        </sup>
      ))}
    </>
  );
}

/** Why a level is marked "(inferred)", on hover. */
const INFERRED_LEVEL =
  "Read from the title and abstract: the record's publication types state no study design";

function ReferenceItem({ reference, quotes }: { reference: Reference; quotes: readonly string[] }) {
  return (
    <li id={`ref-${reference.number}`}>
      {reference.citation}
      <span class="level">
        {EVIDENCE_LEVEL_LABELS[reference.evidenceLevel]}
        {reference.evidenceLevelInferred ? <span title={INFERRED_LEVEL}> (inferred)</span> : null}
      </span>{" "}
      {reference.links.pubmed ? <a href={reference.links.pubmed}>PubMed</a> : null}
      {reference.links.pubmed && reference.links.doi ? " · " : null}
      {reference.links.doi ? <a href={reference.links.doi}>DOI</a> : null}
      {reference.links.pmc && (reference.links.pubmed || reference.links.doi) ? " · " : null}
      {reference.links.pmc ? <a href={reference.links.pmc}>PMC</a> : null}
      {" · "}
      <a href={`/documents/${encodeURIComponent(reference.id)}`}>Evidence page</a>
      {quotes.length > 0 ? (
        <details>
          <summary>Supporting text</summary>
          {quotes.map((quote) => (
            <blockquote>{quote}</blockquote>
          ))}
        </details>
      ) : null}
    </li>
  );
}

function RetrievedList({ answer }: { answer: Answer }) {
  return (
    <section aria-labelledby="retrieved">
      <h2 id="retrieved">{CLOSEST_HEADING}</h2>
      <ol>
        {closestDocuments(answer).map((item) => (
          <li>
            <a href={`/documents/${encodeURIComponent(item.id)}`}>{item.title || item.id}</a>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The article's link to copy, a print layout, and downloads for notes and reference managers. */
function ShareBox({ article, path, reader }: { article: ArticleSummary; path: string; reader: Reader }) {
  const exportPath = (format: string) => `/articles/${article.id}/export/${format}?audience=${reader}`;
  return (
    <section class="no-print" aria-labelledby="share">
      <h2 id="share">Share and export</h2>
      <p>
        <label for="share-link">Link to this article</label>{" "}
        <input id="share-link" type="text" readonly value={`${path}?audience=${reader}`} size={40} />
      </p>
      <p class="meta">Printing the page gives a print layout without menus and forms.</p>
      <ul class="plain">
        <li>
          <a href={exportPath("md")}>Article as Markdown</a>
        </li>
        <li>
          References as <a href={exportPath("ris")}>RIS</a> · <a href={exportPath("bibtex")}>BibTeX</a> ·{" "}
          <a href={exportPath("csl-json")}>CSL-JSON</a>
        </li>
      </ul>
    </section>
  );
}

/** "Have a follow-up question?": posts into the article's thread; suggestions fill the box with one click. */
function FollowUpBox({
  article,
  answer,
  reader,
}: {
  article: ArticleSummary;
  answer: Answer;
  reader: Reader;
}) {
  return (
    <section class="no-print" aria-labelledby="follow-up">
      <h2 id="follow-up">Have a follow-up question?</h2>
      <form
        class="ask"
        method="post"
        action={`/articles/${article.id}/follow-up`}
        data-stream={`/api/v1/articles/${article.id}/follow-ups`}
      >
        <label for="follow-up-question">Your follow-up question</label>
        <textarea id="follow-up-question" name="question" required maxlength={2000} />
        <input type="hidden" name="audience" value={reader} />
        <button type="submit">Ask</button>
      </form>
      <div id="live" aria-live="polite" hidden />
      <script src="/assets/ask.js" defer />
      {(answer.followUps ?? []).length > 0 ? (
        <>
          <p class="meta">Or ask one of these:</p>
          <QuestionButtons
            questions={answer.followUps ?? []}
            action={`/articles/${article.id}/follow-up`}
            audience={reader}
          />
        </>
      ) : null}
    </section>
  );
}

function quotesByReference(answer: Answer): Map<number, string[]> {
  const quotes = new Map<number, string[]>();
  for (const quote of answerStatements(answer).flatMap((statement) => statement.quotes)) {
    const list = quotes.get(quote.reference) ?? [];
    if (!list.includes(quote.quote)) list.push(quote.quote);
    quotes.set(quote.reference, list);
  }
  return quotes;
}
