import { buildReferences } from "../answer/references.ts";
import { EVIDENCE_LEVEL_LABELS, type EvidenceDocument } from "../evidence/index.ts";
import type { SearchOutcome, SearchResult } from "../search/index.ts";
import type { Snippet } from "../store/index.ts";

/** Ranked documents as an assistant reads them: what each is, then the passage that matched. */
export function searchResultsMarkdown(outcome: SearchOutcome): string {
  if (outcome.results.length === 0)
    return `No documents in Galen's corpus match "${outcome.query}". Try other words (the condition's clinical name, say), or tell the user that Galen holds no evidence on it.`;
  const lines = [
    `Galen found ${outcome.results.length} document${outcome.results.length === 1 ? "" : "s"} for "${outcome.query}", best first. Snippets are quoted source text. Read a source with get_document; for a cited answer, use ask.`,
  ];
  if (outcome.notice) lines.push(`Note: ${outcome.notice}`);
  for (const result of outcome.results) lines.push(resultMarkdown(result));
  return lines.join("\n\n");
}

function resultMarkdown(result: SearchResult): string {
  const facts = [result.id, result.year, result.journal, EVIDENCE_LEVEL_LABELS[result.evidenceLevel]]
    .filter(Boolean)
    .join(" · ");
  const lines = [`${result.rank}. **${result.title || "(untitled)"}**`, `   ${facts}`];
  if (result.snippet) lines.push(`   > ${highlighted(result.snippet)}`);
  return lines.join("\n");
}

/** The snippet on one line, matched words in bold. */
function highlighted(snippet: Snippet): string {
  let text = "";
  let at = 0;
  for (const [start, end] of snippet.highlights) {
    text += `${snippet.text.slice(at, start)}**${snippet.text.slice(start, end)}**`;
    at = end;
  }
  return oneLine(text + snippet.text.slice(at));
}

/** The snippet as plain text, for structured content. */
export function snippetText(snippet: Snippet | undefined): string | undefined {
  return snippet ? oneLine(snippet.text) : undefined;
}

/** One source: its citation, identifiers, evidence level, abstract and MeSH terms. */
export function documentMarkdown(document: EvidenceDocument): string {
  const blocks = [`# ${document.title || document.id}`];
  if (document.retracted)
    blocks.push("**RETRACTED.** This publication was retracted. Do not cite it or rely on its findings.");
  const [reference] = buildReferences([document]);
  if (reference) blocks.push(`**Citation (Vancouver).** ${reference.citation}`);
  const authors = document.authors
    .map((author) => author.collectiveName ?? [author.lastName, author.initials].filter(Boolean).join(" "))
    .filter(Boolean);
  const facts = [
    `- Id: ${document.id}`,
    authors.length > 0 ? `- Authors: ${authors.join(", ")}` : undefined,
    document.journal ? `- Journal: ${document.journal}` : undefined,
    document.publicationDate ? `- Published: ${publicationDate(document.publicationDate)}` : undefined,
    `- Evidence level: ${EVIDENCE_LEVEL_LABELS[document.evidenceLevel]}`,
    document.publicationTypes.length > 0
      ? `- Publication types: ${document.publicationTypes.join("; ")}`
      : undefined,
    document.pmid ? `- PubMed: https://pubmed.ncbi.nlm.nih.gov/${document.pmid}/` : undefined,
    document.doi ? `- DOI: https://doi.org/${encodeURI(document.doi)}` : undefined,
    document.pmcid ? `- PMC: ${document.pmcid}` : undefined,
  ];
  blocks.push(facts.filter(Boolean).join("\n"));
  blocks.push(
    document.abstract.length === 0
      ? "## Abstract\n\nNo abstract."
      : `## Abstract\n\n${document.abstract
          .map((section) => (section.label ? `**${section.label}.** ${section.text}` : section.text))
          .join("\n\n")}`,
  );
  if (document.mesh.length > 0)
    blocks.push(`## MeSH terms\n\n${document.mesh.map((heading) => heading.descriptor).join("; ")}`);
  if (document.keywords.length > 0) blocks.push(`## Keywords\n\n${document.keywords.join("; ")}`);
  return `${blocks.join("\n\n")}\n`;
}

function publicationDate(date: NonNullable<EvidenceDocument["publicationDate"]>): string {
  return [date.year, date.month, date.day]
    .filter((part) => part !== undefined)
    .map((part, index) => (index === 0 ? String(part) : String(part).padStart(2, "0")))
    .join("-");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
