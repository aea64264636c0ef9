// @citation-js ships no type declarations; these cover the part Galen uses (CSL-JSON in, formatted entries out).
declare module "@citation-js/core" {
  export interface CslName {
    family?: string;
    given?: string;
    literal?: string;
  }

  export interface CslItem {
    id: string;
    type: "article-journal";
    title?: string;
    "container-title"?: string;
    author?: CslName[];
    issued?: { "date-parts": number[][] };
    DOI?: string;
    PMID?: string;
    PMCID?: string;
  }

  export interface BibliographyOptions {
    format: "text" | "html";
    template: string;
    lang: string;
    asEntryArray: true;
  }

  export class Cite {
    constructor(data: CslItem[]);
    format(style: "bibliography", options: BibliographyOptions): Array<[string, string]>;
    /** RIS, BibTeX or CSL-JSON text (the last with format "string"). */
    format(style: "ris" | "bibtex" | "data", options?: { format: "text" | "string" }): string;
  }
}

declare module "@citation-js/plugin-csl";
declare module "@citation-js/plugin-ris";
declare module "@citation-js/plugin-bibtex";
