/** Stable document ids, the key every store and citation uses. */
export function pubmedId(pmid: string): string {
  return `pubmed:${pmid.trim()}`;
}

export function doiId(doi: string): string {
  return `doi:${doi.trim().toLowerCase()}`;
}

export function sourceId(source: string, id: string): string {
  return `${source.trim().toLowerCase()}:${id.trim()}`;
}

/** DOIs are case-insensitive; stored and compared in lower case without a resolver prefix. */
export function normalizeDoi(raw: string): string {
  return raw
    .trim()
    .replace(/^https?:\/\/(dx\.)?doi\.org\//i, "")
    .replace(/^doi:\s*/i, "")
    .toLowerCase();
}
