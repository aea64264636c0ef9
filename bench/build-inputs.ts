import { createWriteStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip, gunzipSync } from "node:zlib";

/** A real citation split around its own PMID, so that copies differ only in that number. */
interface CitationTemplate {
  before: string;
  after: string;
}

/** A real MEDLINE file taken apart: what precedes the first citation, the citations, and what follows them. */
export interface XmlTemplate {
  header: string;
  citations: CitationTemplate[];
  footer: string;
}

export interface GeneratedXml {
  path: string;
  citations: number;
  compressedBytes: number;
  uncompressedBytes: number;
}

/** Generated PMIDs start here, far above real ones, so no copy collides with a real citation. */
const PMID_BASE = 90_000_000;
const CITATIONS_PER_CHUNK = 200;

const CITATION = /<MedlineCitation[\s>][\s\S]*?<\/MedlineCitation>/g;
/** The citation's own PMID is the first one inside it; later ones (comments, corrections) are left alone. */
const OWN_PMID = /(<PMID\b[^>]*>)\s*\d+\s*(<\/PMID>)/;

export async function loadXmlTemplate(path: string): Promise<XmlTemplate> {
  const xml = gunzipSync(await readFile(path)).toString("utf8");
  const matches = [...xml.matchAll(CITATION)];
  const first = matches[0];
  const last = matches.at(-1);
  if (first === undefined || last === undefined) throw new Error(`${path}: no <MedlineCitation> found.`);
  return {
    header: xml.slice(0, first.index),
    citations: matches.map((match) => splitAtPmid(match[0], path)),
    // The original tail (a <DeleteCitation> and the closing root tag) keeps the file shaped like a real update.
    footer: xml.slice(last.index + last[0].length),
  };
}

function splitAtPmid(citation: string, path: string): CitationTemplate {
  const pmid = OWN_PMID.exec(citation);
  if (pmid === null) throw new Error(`${path}: a citation has no PMID.`);
  return {
    before: citation.slice(0, pmid.index) + pmid[1],
    after: pmid[2] + citation.slice(pmid.index + pmid[0].length),
  };
}

/** Citation n is template citation n mod 604 with PMID 90000000+n. */
function* xmlChunks(template: XmlTemplate, count: number, onCitations: (done: number) => void) {
  yield template.header;
  for (let start = 0; start < count; start += CITATIONS_PER_CHUNK) {
    const end = Math.min(count, start + CITATIONS_PER_CHUNK);
    const parts: string[] = [];
    for (let n = start; n < end; n++) {
      const citation = template.citations[n % template.citations.length] as CitationTemplate;
      parts.push(citation.before, String(PMID_BASE + n), citation.after, "\n");
    }
    yield parts.join("");
    onCitations(end);
  }
  yield template.footer;
}

/** Writes `count` re-numbered citations as one gzipped MedlineCitationSet (default gzip level, as NLM's). */
export async function writeXmlGz(
  template: XmlTemplate,
  count: number,
  path: string,
  onCitations: (done: number) => void = () => {},
): Promise<GeneratedXml> {
  let uncompressedBytes = 0;
  const counted = function* () {
    for (const chunk of xmlChunks(template, count, onCitations)) {
      uncompressedBytes += Buffer.byteLength(chunk);
      yield chunk;
    }
  };
  await pipeline(Readable.from(counted()), createGzip(), createWriteStream(path));
  return { path, citations: count, compressedBytes: (await stat(path)).size, uncompressedBytes };
}
