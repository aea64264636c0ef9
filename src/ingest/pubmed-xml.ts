import { SaxesParser, type SaxesTagPlain } from "saxes";
import {
  type AbstractSection,
  type Author,
  completeEvidenceDocument,
  type EvidenceDocument,
  type MeshHeading,
  NLM_CATEGORIES,
  nlmCategoryForLabel,
  type PublicationDate,
  pubmedId,
} from "../evidence/index.ts";
import { GalenError } from "../galen-error.ts";
import type { SourceRecord } from "./source-record.ts";
import { withoutUnreadElements } from "./unread-elements.ts";
import { HTML_ENTITIES } from "./xml-entities.ts";

/**
 * Streams PubMed/MEDLINE XML — the current `PubmedArticleSet` and the legacy `MedlineCitationSet` — into
 * documents and deletions. Memory stays constant: only the citation being read is held.
 *
 * Tracking line and column costs a quarter of the parse time, so when the caller can read the text again
 * (`reread`), the parse runs without it and a second, position-tracking pass locates an error only if one occurs.
 * That fast pass also skips the elements no field is read from (see unread-elements.ts): a sixth less time.
 */
export async function* readPubmedXml(
  chunks: AsyncIterable<string>,
  fileName: string,
  reread?: () => AsyncIterable<string>,
): AsyncGenerator<SourceRecord> {
  const reader = new PubmedXmlReader(fileName, reread === undefined);
  try {
    for await (const chunk of reread === undefined ? chunks : withoutUnreadElements(chunks)) {
      reader.write(chunk);
      yield* reader.drain();
    }
    reader.close();
  } catch (error) {
    // Citations completed before the bad spot are whole: hand them on so that complete batches are kept.
    yield* reader.drain();
    if (!(error instanceof MalformedXml) || reread === undefined) throw error;
    throw (await locateMalformedXml(reread(), fileName)) ?? error;
  }
  yield* reader.drain();
}

/** A syntax error saxes reported; the message names the file, and the line and column when tracked. */
class MalformedXml extends GalenError {}

async function locateMalformedXml(
  chunks: AsyncIterable<string>,
  fileName: string,
): Promise<GalenError | undefined> {
  const parser = new SaxesParser({ fileName });
  Object.assign(parser.ENTITIES, HTML_ENTITIES);
  try {
    for await (const chunk of chunks) parser.write(chunk);
    parser.close();
  } catch (error) {
    return malformed(error);
  }
  return undefined;
}

function malformed(error: unknown): GalenError {
  if (error instanceof GalenError) return error;
  // saxes ends its messages with a period; the sentence below adds its own.
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
  return new MalformedXml(
    `Malformed XML: ${detail}. Fix or re-download the file; documents from earlier batches are kept and a re-run resumes.`,
    1,
    { cause: error },
  );
}

const ROOTS = new Set(["PubmedArticleSet", "MedlineCitationSet", "PubmedBookArticleSet"]);

/** Elements whose text (including the text of inline markup inside them) is captured. */
const TEXT_ELEMENTS = new Set([
  "PMID",
  "ArticleTitle",
  "AbstractText",
  "Title",
  "Year",
  "Month",
  "Day",
  "MedlineDate",
  "LastName",
  "ForeName",
  "Initials",
  "CollectiveName",
  "ELocationID",
  "ArticleId",
  "PublicationType",
  "DescriptorName",
  "QualifierName",
  "Keyword",
  "Language",
]);

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

interface CitationDraft {
  pmid?: string;
  title: string;
  abstract: AbstractSection[];
  journal?: string;
  date: { year?: string; month?: string; day?: string; medlineDate?: string };
  authors: Author[];
  doi?: string;
  pmcid?: string;
  publicationTypes: string[];
  mesh: MeshHeading[];
  keywords: string[];
  language?: string;
  retracted: boolean;
}

function emptyDraft(): CitationDraft {
  return {
    title: "",
    abstract: [],
    date: {},
    authors: [],
    publicationTypes: [],
    mesh: [],
    keywords: [],
    retracted: false,
  };
}

class PubmedXmlReader {
  private readonly parser: SaxesParser;
  private readonly path: string[] = [];
  private readonly ready: SourceRecord[] = [];
  private draft: CitationDraft | undefined;
  private deletion: string[] | undefined;
  /** The element whose text is being collected, and the text so far. */
  private captureElement: SaxesTagPlain | undefined;
  private captureText = "";
  private author: Author | undefined;
  private heading: MeshHeading | undefined;
  private sawRoot = false;
  /** Citations begun so far: where a fault is, when lines are not those of the file (the fast pass cuts text). */
  private citations = 0;

  constructor(
    private readonly fileName: string,
    private readonly position: boolean,
  ) {
    this.parser = new SaxesParser({ fileName, position });
    Object.assign(this.parser.ENTITIES, HTML_ENTITIES);
    this.parser.on("opentag", (tag) => this.open(tag as SaxesTagPlain));
    this.parser.on("closetag", (tag) => this.close_(tag as SaxesTagPlain));
    this.parser.on("text", (text) => this.text(text));
    this.parser.on("cdata", (text) => this.text(text));
  }

  write(chunk: string): void {
    try {
      this.parser.write(chunk);
    } catch (error) {
      throw malformed(error);
    }
  }

  close(): void {
    if (!this.sawRoot) {
      throw new GalenError(
        `${this.fileName}: no XML elements found; the file is empty or not XML. Re-download it, or choose the right --format for this file.`,
      );
    }
    try {
      this.parser.close();
    } catch (error) {
      throw malformed(error);
    }
  }

  *drain(): Generator<SourceRecord> {
    while (this.ready.length > 0) {
      const record = this.ready.shift();
      if (record) yield record;
    }
  }

  private parent(depth = 1): string | undefined {
    return this.path[this.path.length - 1 - depth];
  }

  private open(tag: SaxesTagPlain): void {
    const name = tag.name;
    if (this.path.length === 0) {
      if (!ROOTS.has(name)) {
        throw new GalenError(
          `${this.fileName}: root element <${name}> is not PubMed XML (expected <PubmedArticleSet> or <MedlineCitationSet>). Choose the right --format for this file.`,
        );
      }
      this.sawRoot = true;
    }
    this.path.push(name);
    if (this.captureElement) return; // inline markup inside captured text
    if (name === "PubmedArticle" || (name === "MedlineCitation" && this.parent() !== "PubmedArticle")) {
      this.draft = emptyDraft();
      this.citations++;
    } else if (name === "DeleteCitation") this.deletion = [];
    else if (name === "Author" && this.draft) this.author = {};
    else if (name === "MeshHeading" && this.draft)
      this.heading = { descriptor: "", majorTopic: false, qualifiers: [] };
    else if (name === "CommentsCorrections" && this.draft && tag.attributes.RefType === "RetractionIn") {
      this.draft.retracted = true;
    }
    if (TEXT_ELEMENTS.has(name)) {
      this.captureElement = tag;
      this.captureText = "";
    }
  }

  private text(text: string): void {
    if (this.captureElement) this.captureText += text;
  }

  private close_(tag: SaxesTagPlain): void {
    if (this.captureElement === tag) {
      this.captureElement = undefined;
      this.captured(tag, collapseWhitespace(this.captureText));
    } else if (!this.captureElement) {
      this.ended(tag.name);
    }
    this.path.pop();
  }

  private ended(name: string): void {
    if (name === "Author" && this.author && this.draft) {
      if (Object.keys(this.author).length > 0) this.draft.authors.push(this.author);
      this.author = undefined;
    } else if (name === "MeshHeading" && this.heading && this.draft) {
      if (this.heading.descriptor) this.draft.mesh.push(this.heading);
      this.heading = undefined;
    } else if (name === "DeleteCitation" && this.deletion) {
      this.ready.push({ kind: "deletion", ids: this.deletion.map(pubmedId) });
      this.deletion = undefined;
    } else if (
      (name === "PubmedArticle" || (name === "MedlineCitation" && this.parent() !== "PubmedArticle")) &&
      this.draft
    ) {
      this.ready.push({ kind: "document", document: this.finish(this.draft) });
      this.draft = undefined;
    }
  }

  private captured(tag: SaxesTagPlain, text: string): void {
    const parent = this.parent();
    if (this.deletion && tag.name === "PMID") {
      this.deletion.push(text);
      return;
    }
    const draft = this.draft;
    if (!draft) return;
    switch (tag.name) {
      case "PMID":
        if (parent === "MedlineCitation") draft.pmid ??= text;
        break;
      case "ArticleTitle":
        if (parent === "Article") draft.title = text;
        break;
      case "AbstractText":
        if (parent === "Abstract" && text)
          draft.abstract.push(abstractSection(text, tag.attributes.Label, tag.attributes.NlmCategory));
        break;
      case "Title":
        if (parent === "Journal") draft.journal = text;
        break;
      case "Year":
      case "Month":
      case "Day":
        if (parent === "PubDate") draft.date[tag.name.toLowerCase() as "year" | "month" | "day"] = text;
        break;
      case "MedlineDate":
        if (parent === "PubDate") draft.date.medlineDate = text;
        break;
      case "LastName":
      case "ForeName":
      case "Initials":
      case "CollectiveName":
        if (this.author && parent === "Author" && text) this.author[authorField(tag.name)] = text;
        break;
      case "ELocationID":
        if (tag.attributes.EIdType === "doi" && text) draft.doi ??= text.toLowerCase();
        break;
      case "ArticleId":
        if (parent === "ArticleIdList" && this.parent(2) === "PubmedData")
          this.articleId(draft, tag.attributes.IdType, text);
        break;
      case "PublicationType":
        if (text) draft.publicationTypes.push(text);
        break;
      case "DescriptorName":
        if (this.heading) {
          this.heading.descriptor = text;
          this.heading.majorTopic = tag.attributes.MajorTopicYN === "Y";
          if (tag.attributes.UI) this.heading.descriptorUi = tag.attributes.UI;
        }
        break;
      case "QualifierName":
        if (this.heading && text) {
          this.heading.qualifiers.push({
            name: text,
            majorTopic: tag.attributes.MajorTopicYN === "Y",
            ...(tag.attributes.UI ? { ui: tag.attributes.UI } : {}),
          });
        }
        break;
      case "Keyword":
        if (text) draft.keywords.push(text);
        break;
      case "Language":
        if (parent === "Article") draft.language ??= text;
        break;
    }
  }

  private articleId(draft: CitationDraft, idType: string | undefined, text: string): void {
    if (!text) return;
    if (idType === "doi") draft.doi = text.toLowerCase();
    else if (idType === "pmc") draft.pmcid = text;
  }

  private finish(draft: CitationDraft): EvidenceDocument {
    if (!draft.pmid) {
      throw new GalenError(
        `${this.position ? `${this.fileName}:${this.parser.line}` : `${this.fileName}, citation ${this.citations}`}: a citation has no PMID. The file is not valid PubMed XML; fix or re-download it.`,
      );
    }
    const publicationDate = parsePublicationDate(draft.date);
    if (!/^\d+$/.test(draft.pmid)) {
      throw new GalenError(
        `${this.fileName}: "${draft.pmid}" is not a PMID (PMIDs are digits). Fix or re-download the file.`,
      );
    }
    return completeEvidenceDocument({
      id: pubmedId(draft.pmid),
      source: "pubmed",
      title: draft.title,
      abstract: draft.abstract,
      authors: draft.authors,
      pmid: draft.pmid,
      publicationTypes: draft.publicationTypes,
      mesh: draft.mesh,
      keywords: draft.keywords,
      retracted: draft.retracted,
      ...(draft.journal ? { journal: draft.journal } : {}),
      ...(publicationDate ? { publicationDate } : {}),
      ...(draft.doi ? { doi: draft.doi } : {}),
      ...(draft.pmcid ? { pmcid: draft.pmcid } : {}),
      ...(draft.language ? { language: draft.language } : {}),
    });
  }
}

/** Inline markup and pretty-printing leave runs of whitespace; most captured text has none to fix. */
function collapseWhitespace(text: string): string {
  return /\s\s|[\t\n\r]|^\s|\s$/.test(text) ? text.replace(/\s+/g, " ").trim() : text;
}

function authorField(element: string): keyof Author {
  const fields: Record<string, keyof Author> = {
    LastName: "lastName",
    ForeName: "foreName",
    Initials: "initials",
    CollectiveName: "collectiveName",
  };
  return fields[element] ?? "lastName";
}

function abstractSection(
  text: string,
  label: string | undefined,
  category: string | undefined,
): AbstractSection {
  const nlmCategory = NLM_CATEGORIES.find((known) => known === category) ?? nlmCategoryForLabel(label);
  return { text, ...(label ? { label } : {}), ...(nlmCategory ? { nlmCategory } : {}) };
}

/** PubDate is Year/Month/Day (Month as "Feb" or "02") or a free-text MedlineDate such as "1998 Dec-1999 Jan". */
export function parsePublicationDate(date: CitationDraft["date"]): PublicationDate | undefined {
  const yearText = date.year ?? date.medlineDate?.match(/\b(1[6-9]|2[0-9])\d\d\b/)?.[0];
  if (!yearText) return undefined;
  const year = Number(yearText);
  const monthText = date.month ?? date.medlineDate?.match(/\b[A-Za-z]{3}/)?.[0];
  const month = monthNumber(monthText);
  const day = month && date.day ? Number(date.day) : undefined;
  return {
    year,
    ...(month ? { month } : {}),
    ...(day && day >= 1 && day <= 31 ? { day } : {}),
  };
}

function monthNumber(text: string | undefined): number | undefined {
  if (!text) return undefined;
  if (/^\d{1,2}$/.test(text)) {
    const number = Number(text);
    return number >= 1 && number <= 12 ? number : undefined;
  }
  const index = MONTHS.indexOf(text.slice(0, 3).toLowerCase());
  return index >= 0 ? index + 1 : undefined;
}
