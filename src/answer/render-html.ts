import { EVIDENCE_LEVEL_LABELS } from "../evidence/index.ts";
import {
  type Answer,
  type AnswerSection,
  answerStatements,
  CLOSEST_HEADING,
  closestDocuments,
  type Reference,
  type Statement,
} from "./answer.ts";

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** The answer as a standalone HTML page (the CLI's --format html); every source text is escaped. */
export function renderHtml(answer: Answer): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(answer.question)} · Galen</title>
<style>
body{font:16px/1.55 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
.urgent{border:2px solid #a40000;padding:.75rem 1rem;font-weight:600}
.flag{font-style:italic;border-bottom:1px dashed}
.framing{font-style:italic}
.meta,.disclaimer{color:#555;font-size:.9rem}
sup a{text-decoration:none}
</style>
</head>
<body>
<article>
${answerHtml(answer)}
</article>
</body>
</html>
`;
}

/** The answer's body, for embedding in a page. */
export function answerHtml(answer: Answer): string {
  const parts: string[] = [];
  if (answer.urgentNotice)
    parts.push(`<p class="urgent" role="alert">${escapeHtml(answer.urgentNotice)}</p>`);
  parts.push(`<h1>${escapeHtml(answer.question)}</h1>`);
  parts.push(
    `<p class="meta">${escapeHtml(`${answer.questionType} question · for ${answer.audience}s · ${answer.composer.name} composer · ${answer.createdAt.slice(0, 10)}`)}</p>`,
  );
  if (answer.bottomLine.length > 0) {
    parts.push(
      `<section aria-label="Bottom line"><p><strong>Bottom line.</strong> ${answer.bottomLine.map(statementHtml).join(" ")}</p></section>`,
    );
  }
  for (const section of answer.sections) parts.push(sectionHtml(section));
  if (answer.insufficientEvidence && closestDocuments(answer).length > 0) parts.push(retrievedHtml(answer));
  if (answer.caveats.length > 0) {
    parts.push(
      `<h2>Caveats</h2>\n<ul>${answer.caveats.map((caveat) => `<li>${escapeHtml(caveat)}</li>`).join("")}</ul>`,
    );
  }
  if (answer.references.length > 0) {
    parts.push(
      `<h2>References</h2>\n<ol>${answer.references.map((reference) => referenceHtml(reference, answer)).join("\n")}</ol>`,
    );
    parts.push(`<p class="meta">Evidence cited: ${escapeHtml(answer.evidenceSummary.text)}.</p>`);
  }
  if (answer.followUps && answer.followUps.length > 0) {
    parts.push(
      `<h2>Have a Follow-up Question?</h2>\n<ul>${answer.followUps.map((question) => `<li>${escapeHtml(question)}</li>`).join("")}</ul>`,
    );
  }
  parts.push(`<p class="disclaimer">${escapeHtml(answer.disclaimer)}</p>`);
  return parts.join("\n");
}

function sectionHtml(section: AnswerSection): string {
  const list = section.kind === "treatment-algorithm" ? "ol" : "ul";
  const items = section.items.map((item) => {
    const statements = item.statements.map((statement) => `<li>${statementHtml(statement)}</li>`).join("");
    return item.label
      ? `<li><strong>${escapeHtml(item.label)}</strong><ul>${statements}</ul></li>`
      : statements;
  });
  return `<section><h2>${escapeHtml(section.heading)}</h2>\n<${list}>${items.join("")}</${list}></section>`;
}

function statementHtml(statement: Statement): string {
  if (statement.kind === "framing") return `<span class="framing">${escapeHtml(statement.text)}</span>`;
  const citations = statement.citations
    .map((number) => `<sup><a href="#ref-${number}">${number}</a></sup>`)
    .join("");
  const text = statement.flag
    ? `<span class="flag" title="${escapeHtml(statement.flag)}">${escapeHtml(statement.text)}</span> <em>(${escapeHtml(statement.flag)})</em>`
    : escapeHtml(statement.text);
  return `${text}${citations}`;
}

/** A reference with its links and, on expand, the sentences of it that the answer relies on. */
function referenceHtml(reference: Reference, answer: Answer): string {
  const links = [
    reference.links.pubmed ? `<a href="${escapeHtml(reference.links.pubmed)}">PubMed</a>` : "",
    reference.links.doi ? `<a href="${escapeHtml(reference.links.doi)}">DOI</a>` : "",
    reference.links.pmc ? `<a href="${escapeHtml(reference.links.pmc)}">PMC</a>` : "",
  ].filter(Boolean);
  const inferred = reference.evidenceLevelInferred
    ? ` <span title="${INFERRED_TITLE}">(inferred)</span>`
    : "";
  const quotes = [
    ...new Set(
      answerStatements(answer)
        .flatMap((statement) => statement.quotes)
        .filter((quote) => quote.reference === reference.number)
        .map((quote) => quote.quote),
    ),
  ];
  const quoted =
    quotes.length > 0
      ? `<details><summary>Supporting text</summary>${quotes.map((quote) => `<blockquote>${escapeHtml(quote)}</blockquote>`).join("")}</details>`
      : "";
  return `<li id="ref-${reference.number}">${escapeHtml(reference.citation)} <em>${escapeHtml(EVIDENCE_LEVEL_LABELS[reference.evidenceLevel])}${inferred}</em> ${links.join(" · ")}${quoted}</li>`;
}

/** Why a level is marked "(inferred)", on hover. */
const INFERRED_TITLE =
  "Read from the title and abstract: the record's publication types state no study design";

/** The few documents that came closest, for an answer that found too little. */
function retrievedHtml(answer: Answer): string {
  const items = closestDocuments(answer).map(
    (item) => `<li>${escapeHtml(item.title || item.id)} (${escapeHtml(item.id)})</li>`,
  );
  return `<h2>${CLOSEST_HEADING}</h2>\n<ol>${items.join("")}</ol>`;
}
