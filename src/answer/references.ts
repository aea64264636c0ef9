import { createRequire } from "node:module";
import type { Cite as CiteClass, CslItem, CslName } from "@citation-js/core";
import type { Author, EvidenceDocument } from "../evidence/index.ts";
import type { Reference } from "./answer.ts";

let citeClass: typeof CiteClass | undefined;

/**
 * citation-js and its style plugins, loaded on first use: they add a quarter of a second and 25 MB to every
 * command, and only answers and exports need them.
 */
function Cite(): typeof CiteClass {
  if (citeClass === undefined) {
    const require = createRequire(import.meta.url);
    for (const plugin of ["@citation-js/plugin-csl", "@citation-js/plugin-ris", "@citation-js/plugin-bibtex"])
      require(plugin);
    citeClass = (require("@citation-js/core") as { Cite: typeof CiteClass }).Cite;
  }
  return citeClass;
}

/** The numbered references of an answer, in the order the documents were first cited. */
export function buildReferences(cited: readonly EvidenceDocument[]): Reference[] {
  if (cited.length === 0) return [];
  const formatted = new Map(
    new (Cite())(cited.map(cslItem)).format("bibliography", {
      format: "text",
      template: "vancouver",
      lang: "en-US",
      asEntryArray: true,
    }),
  );
  return cited.map((document, index) => {
    const authors = document.authors.flatMap(vancouverName);
    return {
      number: index + 1,
      id: document.id,
      title: document.title,
      ...(authors.length > 0 ? { authors } : {}),
      ...(document.journal ? { journal: document.journal } : {}),
      ...(document.publicationDate ? { year: document.publicationDate.year } : {}),
      evidenceLevel: document.evidenceLevel,
      ...(document.evidenceLevelInferred ? { evidenceLevelInferred: true } : {}),
      ...(document.pmid ? { pmid: document.pmid } : {}),
      ...(document.doi ? { doi: document.doi } : {}),
      ...(document.pmcid ? { pmcid: document.pmcid } : {}),
      links: {
        ...(document.pmid ? { pubmed: `https://pubmed.ncbi.nlm.nih.gov/${document.pmid}/` } : {}),
        ...(document.doi ? { doi: `https://doi.org/${encodeURI(document.doi)}` } : {}),
        ...(document.pmcid && /^PMC\d+$/i.test(document.pmcid)
          ? { pmc: `https://pmc.ncbi.nlm.nih.gov/articles/${document.pmcid.toUpperCase()}/` }
          : {}),
      },
      citation: withoutNumber(formatted.get(document.id)) || fallbackCitation(document),
    };
  });
}

/** "Abdool Karim SS": the family name and initials, as Vancouver lists authors; a group by its name. */
function vancouverName(author: Author): string[] {
  if (author.collectiveName) return [author.collectiveName];
  if (!author.lastName) return [];
  const initials =
    author.initials ??
    (author.foreName ?? "")
      .split(/[\s-]+/)
      .map((name) => name.charAt(0).toUpperCase())
      .join("");
  return [initials ? `${author.lastName} ${initials}` : author.lastName];
}

export const REFERENCE_FORMATS = ["ris", "bibtex", "csl-json"] as const;
export type ReferenceFormat = (typeof REFERENCE_FORMATS)[number];

/** Cited documents for a reference manager: RIS (EndNote, Zotero), BibTeX, or CSL-JSON. */
export function exportReferences(cited: readonly EvidenceDocument[], format: ReferenceFormat): string {
  const cite = new (Cite())(cited.map(cslItem));
  if (format === "csl-json") return cite.format("data", { format: "text" });
  return cite.format(format, { format: "text" });
}

/** citation-js numbers its entries; the answer numbers references itself. */
function withoutNumber(entry: string | undefined): string {
  return (entry ?? "").replace(/^\s*\d+\.\s*/, "").trim();
}

function fallbackCitation(document: EvidenceDocument): string {
  return [document.title, document.journal, document.publicationDate?.year].filter(Boolean).join(". ");
}

function cslItem(document: EvidenceDocument): CslItem {
  const date = document.publicationDate;
  return {
    id: document.id,
    type: "article-journal",
    title: document.title.replace(/\.$/, ""),
    ...(document.journal ? { "container-title": document.journal } : {}),
    author: document.authors.flatMap(cslName),
    ...(date ? { issued: { "date-parts": [[date.year, ...(date.month ? [date.month] : [])]] } } : {}),
    ...(document.doi ? { DOI: document.doi } : {}),
    ...(document.pmid ? { PMID: document.pmid } : {}),
    ...(document.pmcid ? { PMCID: document.pmcid } : {}),
  };
}

function cslName(author: Author): CslName[] {
  if (author.collectiveName) return [{ literal: author.collectiveName }];
  if (!author.lastName) return [];
  return [{ family: author.lastName, ...(author.foreName ? { given: author.foreName } : {}) }];
}
