/**
 * Elements of a PubMed record that no field of an EvidenceDocument comes from: affiliations, comments and
 * corrections other than retraction notices, chemicals, grants, journal details, record-keeping dates,
 * investigators, other ids, databanks, gene symbols, the history and the reference list. Together they are
 * about 40% of a MEDLINE file.
 */
const UNREAD = [
  "AffiliationInfo",
  "ChemicalList",
  "CitationSubset",
  "CoiStatement",
  "CommentsCorrections",
  "DataBankList",
  "DateCompleted",
  "DateCreated",
  "DateRevised",
  "GeneralNote",
  "GeneSymbolList",
  "GrantList",
  "History",
  "InvestigatorList",
  "MedlineJournalInfo",
  "NumberOfReferences",
  "OtherAbstract",
  "OtherID",
  "PersonalNameSubjectList",
  "ReferenceList",
  "SpaceFlightMission",
  "SupplMeshList",
];
/** A CommentsCorrections element is read when it says the article was retracted. */
const KEPT_WHEN = /RefType\s*=\s*["']RetractionIn["']/;
/** The next unread element's start tag, or markup whose content must be passed over whole. */
const NEXT = new RegExp(`<(?:(${UNREAD.join("|")})(?=[\\s>/])|!--|!\\[CDATA\\[|\\?|!)`, "g");
const MARKUP_END: Record<string, string> = { "<!--": "-->", "<![CDATA[": "]]>", "<?": "?>" };
/** An element left open this long is passed to the parser as it is rather than held. */
const MAX_HELD_CHARACTERS = 4 * 1024 * 1024;

/**
 * PubMed XML text without the elements Galen does not read, so that the parser spends its time on the rest.
 * Only whole elements are cut, and only where nothing else can be harmed: outside comments, CDATA, processing
 * instructions and the DOCTYPE, never a self-closing tag, never an element that holds markup of those kinds or
 * one of its own name. What is cut is not checked for well-formedness; the rest is
 * parsed as before. Text is held back only while an unread element is still open at the end of a chunk.
 */
export async function* withoutUnreadElements(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  const cutter = new UnreadElementCutter();
  for await (const chunk of chunks) {
    const text = cutter.write(chunk);
    if (text) yield text;
  }
  const rest = cutter.end();
  if (rest) yield rest;
}

class UnreadElementCutter {
  private held = "";

  write(chunk: string): string {
    const text = this.held + chunk;
    this.held = "";
    return this.cut(text);
  }

  end(): string {
    const rest = this.held;
    this.held = "";
    return rest;
  }

  /** The text with unread elements removed; an element still open at the end is held. */
  private cut(text: string): string {
    const kept: string[] = [];
    let emitFrom = 0;
    NEXT.lastIndex = 0;
    for (let match = NEXT.exec(text); match; match = NEXT.exec(text)) {
      const at = match.index;
      const name = match[1];
      if (name === undefined) {
        const end = markupEnd(text, at);
        if (end < 0) return this.flush(kept, text, emitFrom, at);
        NEXT.lastIndex = end;
        continue;
      }
      const skip = elementEnd(text, at, name);
      if (skip === "incomplete") return this.flush(kept, text, emitFrom, at);
      if (skip === "keep") continue;
      kept.push(text.slice(emitFrom, at));
      emitFrom = skip;
      NEXT.lastIndex = skip;
    }
    // A start tag may be cut in two at the end of the chunk: hold a short tail that could be one.
    return this.flush(kept, text, emitFrom, tailStart(text, emitFrom));
  }

  private flush(kept: string[], text: string, emitFrom: number, holdFrom: number): string {
    if (text.length - holdFrom > MAX_HELD_CHARACTERS) holdFrom = text.length;
    kept.push(text.slice(emitFrom, holdFrom));
    this.held = text.slice(holdFrom);
    return kept.join("");
  }
}

/**
 * Where the markup at `at` (comment, CDATA, processing instruction, declaration) ends; -1 when not yet. A
 * DOCTYPE with an internal subset ends at "]>", so that nothing declared in it is taken for an element.
 */
function markupEnd(text: string, at: number): number {
  const opener = Object.keys(MARKUP_END).find((open) => text.startsWith(open, at));
  const close = opener ? (MARKUP_END[opener] ?? ">") : declarationEnd(text, at);
  const end = text.indexOf(close, at + 2);
  return end < 0 ? -1 : end + close.length;
}

function declarationEnd(text: string, at: number): string {
  const bracket = text.indexOf("[", at);
  const end = text.indexOf(">", at);
  return bracket >= 0 && (end < 0 || bracket < end) ? "]>" : ">";
}

/**
 * Where the unread element starting at `at` ends, when it can be cut whole: "keep" when it must stay (a
 * self-closing tag, a retraction notice, markup inside), "incomplete" when its end is not in the text yet.
 */
function elementEnd(text: string, at: number, name: string): number | "keep" | "incomplete" {
  const startEnd = startTagEnd(text, at + 1 + name.length);
  if (startEnd < 0) return "incomplete";
  if (text[startEnd - 2] === "/") return "keep";
  const closeTag = `</${name}>`;
  const close = text.indexOf(closeTag, startEnd);
  if (close < 0) return "incomplete";
  const inside = text.slice(startEnd, close);
  if (inside.includes("<!") || inside.includes("<?") || inside.includes(`<${name}`)) return "keep";
  if (name === "CommentsCorrections" && KEPT_WHEN.test(text.slice(at, startEnd))) return "keep";
  return close + closeTag.length;
}

/** The index just past the `>` that closes a start tag whose attributes begin at `from` (quotes respected). */
function startTagEnd(text: string, from: number): number {
  let quote = "";
  for (let index = from; index < text.length; index++) {
    const character = text[index];
    if (quote) {
      if (character === quote) quote = "";
    } else if (character === '"' || character === "'") quote = character;
    else if (character === ">") return index + 1;
  }
  return -1;
}

/** The start of a trailing `<…` that may be the beginning of a start tag cut by the chunk's end. */
function tailStart(text: string, from: number): number {
  const last = text.lastIndexOf("<");
  return last >= from && text.indexOf(">", last) < 0 ? last : text.length;
}
