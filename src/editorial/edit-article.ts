import { Answer, answerStatements, type SectionItem, type Statement } from "../answer/answer.ts";
import { verifyStatement } from "../answer/claim-verification.ts";
import { summarizeEvidence } from "../answer/evidence-summary.ts";
import { type EvidenceSource, readSource } from "../answer/gather-evidence.ts";
import { buildReferences } from "../answer/references.ts";
import type { EvidenceDocument } from "../evidence/index.ts";
import type { ArticleSummary } from "../store/article-store.ts";
import type { GalenStore } from "../store/galen-store.ts";
import { flaggedStatements } from "./publish-answer.ts";
import { actorAndArticle, ReviewRefused } from "./review-article.ts";
import { mayEdit, statusAfterEdit } from "./review-lifecycle.ts";

/** The part of an answer an edit replaces: its bottom line, or a section by position (0 for the first). */
export type EditTarget = "bottom-line" | number;

/** The edit was based on a version that is no longer the latest: the editor must see what changed first. */
export class EditConflict extends ReviewRefused {
  constructor(
    readonly basedOn: number,
    readonly latestVersion: number,
  ) {
    super(
      `Version ${latestVersion} was saved after the version ${basedOn} you edited. Your change was not saved; compare the versions and apply it again.`,
      409,
    );
  }
}

/** Galen's own framing sentences, which cite nothing, begin with this mark in the editable text. */
const FRAMING_MARK = "~ ";
/** A labelled line of a section ("First-line: conservative care") begins with this mark. */
const LABEL_MARK = "## ";
/** The citations that end a statement's line: "[2]", "[2, 5]", "[pubmed:123]", "[1][3]". */
const TRAILING_CITATIONS = /((?:\s*\[[^\]\n]+\])+)\s*$/;

/**
 * The text an editor edits for one part of an answer: one statement a line, ending with its citations; "## " lines
 * open a labelled line of the section; "~ " marks Galen's own framing, which cites nothing.
 */
export function editableText(answer: Answer, target: EditTarget): string {
  const items =
    target === "bottom-line" ? [{ statements: answer.bottomLine }] : answer.sections[target]?.items;
  return (items ?? [])
    .flatMap((item: Pick<SectionItem, "label" | "statements">) => [
      ...(item.label ? [`${LABEL_MARK}${item.label}`] : []),
      ...item.statements.map((statement) =>
        statement.kind === "framing"
          ? `${FRAMING_MARK}${statement.text}`
          : `${statement.text} [${statement.citations.join(", ")}]`,
      ),
    ])
    .join("\n");
}

/** A statement as the editor wrote it: its text and what it cites (reference numbers or corpus document ids). */
interface EditedStatement {
  line: number;
  text: string;
  framing: boolean;
  cites: string[];
}

interface EditedItem {
  label?: string;
  statements: EditedStatement[];
}

/** Reads the editable text back; every claim must end with its citations. */
export function parseEditedText(text: string): EditedItem[] {
  const items: EditedItem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    if (line.startsWith(LABEL_MARK.trim())) {
      const label = line.slice(LABEL_MARK.trim().length).trim();
      items.push(label ? { label, statements: [] } : { statements: [] });
      return;
    }
    if (items.length === 0) items.push({ statements: [] });
    const item = items[items.length - 1] as EditedItem;
    item.statements.push(editedStatement(line, index + 1));
  });
  return items.filter((item) => item.statements.length > 0);
}

function editedStatement(line: string, number: number): EditedStatement {
  if (line.startsWith(FRAMING_MARK.trim())) {
    return { line: number, text: line.slice(FRAMING_MARK.trim().length).trim(), framing: true, cites: [] };
  }
  const citations = TRAILING_CITATIONS.exec(line);
  if (citations === null) {
    throw new ReviewRefused(
      `Line ${number} cites nothing: end every statement with its sources, such as [2] or [pubmed:12345]. ("${clip(line)}")`,
      400,
    );
  }
  const cites = [...(citations[1] ?? "").matchAll(/\[([^\]]+)\]/g)].flatMap((match) =>
    (match[1] ?? "")
      .split(",")
      .map((cite) => cite.trim())
      .filter((cite) => cite !== ""),
  );
  const text = line.slice(0, citations.index).trim();
  if (text === "") throw new ReviewRefused(`Line ${number} has citations but no statement.`, 400);
  return { line: number, text, framing: false, cites };
}

/**
 * The editable text with its reference numbers replaced by the documents they stand for ([2] → [pubmed:123]), so
 * that text written against one version keeps citing the same sources when saved on top of another.
 */
export function citingDocuments(text: string, answer: Pick<Answer, "references">): string {
  const idOf = new Map(answer.references.map((reference) => [String(reference.number), reference.id]));
  return text
    .split(/\r?\n/)
    .map((line) =>
      line.replace(TRAILING_CITATIONS, (citations) =>
        citations.replace(/\[([^\]]+)\]/g, (_, inside: string) => {
          const cites = inside.split(",").map((cite) => cite.trim());
          return `[${cites.map((cite) => idOf.get(cite) ?? cite).join(", ")}]`;
        }),
      ),
    )
    .join("\n");
}

export interface ArticleEdit {
  articleId: string;
  /** The editor's account email. */
  actor: string;
  /** The version the editor started from. */
  basedOn: number;
  target: EditTarget;
  text: string;
  note?: string;
  requestId?: string;
}

/**
 * Saves an edit of one part of an article as its next version. Statements may be reworded, re-ordered or removed and
 * citations removed, but every claim must cite a reference of the article or a document in the corpus: citations
 * are never invented. Reworded statements are checked against what they cite, and flagged when the sources do not
 * bear them out. An approved article goes back for review; readers keep the approved version until then.
 */
export async function editArticle(store: GalenStore, edit: ArticleEdit): Promise<ArticleSummary> {
  const { account, role, claim, article } = await actorAndArticle(store, edit.actor, edit.articleId);
  if (!mayEdit(article.status, role, claim)) {
    throw new ReviewRefused(
      article.status === "rejected"
        ? "A rejected article cannot be edited."
        : "Only an editor, or the reviewer who has claimed the article, may edit it.",
      403,
    );
  }
  if (edit.basedOn !== article.latestVersion) throw new EditConflict(edit.basedOn, article.latestVersion);
  const stored = await store.getArticle(article.id, article.latestVersion);
  if (stored === undefined) throw new ReviewRefused(`There is no article ${edit.articleId}.`, 404);
  const answer = await revisedAnswer(store, Answer.parse(stored.answer), edit);
  const saved = await store.saveArticleVersion({
    articleId: article.id,
    basedOn: edit.basedOn,
    answer,
    cited: answer.references.map((reference) => reference.id),
    author: account.email,
    ...(edit.note ? { note: edit.note } : {}),
    flaggedStatements: flaggedStatements(answer),
    status: statusAfterEdit(article.status),
  });
  if (saved === undefined) {
    const latest = (await store.articleSummary(article.id))?.latestVersion ?? edit.basedOn;
    throw new EditConflict(edit.basedOn, latest);
  }
  await store.appendAudit({
    actor: account.email,
    action: "article.edit",
    target: `article:${article.id}`,
    details: {
      version: saved.latestVersion,
      basedOn: edit.basedOn,
      part: edit.target === "bottom-line" ? "bottom line" : `section ${edit.target + 1}`,
      from: article.status,
      to: saved.status,
      ...(edit.note ? { note: edit.note } : {}),
    },
    ...(edit.requestId ? { requestId: edit.requestId } : {}),
  });
  return saved;
}

/** The answer with the edited part replaced, its references rebuilt from what is cited, and edits verified. */
async function revisedAnswer(store: GalenStore, answer: Answer, edit: ArticleEdit): Promise<Answer> {
  if (edit.target !== "bottom-line" && answer.sections[edit.target] === undefined) {
    throw new ReviewRefused(`The answer has no section ${edit.target + 1}.`, 400);
  }
  const items = parseEditedText(edit.text);
  if (edit.target === "bottom-line" && items.some((item) => item.label !== undefined)) {
    throw new ReviewRefused(
      "The bottom line has no labelled lines: remove the lines that begin with ##.",
      400,
    );
  }
  const idOf = new Map(answer.references.map((reference) => [String(reference.number), reference.id]));
  const framing = new Set(
    answerStatements(answer)
      .filter((statement) => statement.kind === "framing")
      .map((statement) => statement.text),
  );
  const previous = new Map(
    answerStatements(answer).map((statement) => [
      statementKey(statement.text, citedIds(statement, idOf)),
      statement,
    ]),
  );
  // Statements carry document ids until the references are rebuilt and numbered.
  const drafted = items.map((item) => ({
    ...(item.label ? { label: item.label } : {}),
    statements: item.statements.map((statement) => draftStatement(statement, idOf, framing)),
  }));
  const whole = {
    bottomLine:
      edit.target === "bottom-line"
        ? drafted.flatMap((item) => item.statements)
        : answer.bottomLine.map(keep(idOf)),
    sections: answer.sections.flatMap((section, index) => {
      const sectionItems =
        index === edit.target
          ? drafted
          : section.items.map((item) => ({ ...item, statements: item.statements.map(keep(idOf)) }));
      return sectionItems.length > 0 ? [{ ...section, items: sectionItems }] : [];
    }),
  };
  const documents = await citedDocuments(store, whole);
  const references = buildReferences(documents);
  const numberOf = new Map(references.map((reference) => [reference.id, reference.number]));
  const sources = new Map(
    documents.map((document, index) => [index + 1, evidenceSource(document, index + 1)]),
  );
  const finish = (statement: DraftedStatement): Statement =>
    finishStatement(
      statement,
      numberOf,
      sources,
      previous.get(statementKey(statement.text, statement.ids)),
      idOf,
    );
  const bottomLine = whole.bottomLine.map(finish);
  const sections = whole.sections.map((section) => ({
    ...section,
    items: section.items.map((item) => ({ ...item, statements: item.statements.map(finish) })),
  }));
  const statements = [...bottomLine, ...sections.flatMap((s) => s.items.flatMap((item) => item.statements))];
  const claims = statements.filter((statement) => statement.kind === "claim");
  return Answer.parse({
    ...answer,
    bottomLine,
    sections,
    references,
    evidenceSummary: summarizeEvidence(references),
    retrieval: {
      ...answer.retrieval,
      evidence: answer.retrieval.evidence.map(({ reference: _old, ...retrieved }) => {
        const number = numberOf.get(retrieved.id);
        return number === undefined ? retrieved : { ...retrieved, reference: number };
      }),
    },
    verification: {
      checked: claims.length,
      supported: claims.filter((statement) => statement.flag === undefined).length,
      dropped: answer.verification.dropped,
      flagged: claims.filter((statement) => statement.flag !== undefined).length,
    },
  });
}

/** A statement between editing and numbering: what it cites by document id. */
type DraftedStatement = Omit<Statement, "citations"> & { ids: string[] };

function draftStatement(
  statement: EditedStatement,
  idOf: ReadonlyMap<string, string>,
  framing: ReadonlySet<string>,
): DraftedStatement {
  if (statement.framing) {
    if (!framing.has(statement.text)) {
      throw new ReviewRefused(
        `Line ${statement.line}: Galen's own framing ("~ ") can be kept, moved or removed, not written. Write a statement that cites its sources instead.`,
        400,
      );
    }
    return { text: statement.text, kind: "framing", ids: [], support: 0, quotes: [] };
  }
  const ids = statement.cites.map((cite) => {
    if (/^\d+$/.test(cite)) {
      const id = idOf.get(cite);
      if (id === undefined) {
        throw new ReviewRefused(
          `Line ${statement.line} cites [${cite}], but the article has references 1–${idOf.size}. Cite a corpus document by its id, such as [pubmed:12345].`,
          400,
        );
      }
      return id;
    }
    return cite;
  });
  return { text: statement.text, kind: "claim", ids: [...new Set(ids)], support: 0, quotes: [] };
}

/** An unedited statement, carried over with its citations as document ids. */
function keep(idOf: ReadonlyMap<string, string>) {
  return (statement: Statement): DraftedStatement => {
    const { citations: _numbers, ...rest } = statement;
    return { ...rest, ids: citedIds(statement, idOf) };
  };
}

function citedIds(statement: Pick<Statement, "citations">, idOf: ReadonlyMap<string, string>): string[] {
  return statement.citations.flatMap((number) => idOf.get(String(number)) ?? []);
}

function statementKey(text: string, ids: readonly string[]): string {
  return `${text}\u0000${[...ids].sort().join(",")}`;
}

/** The cited documents in order of first citation, each read from the corpus: an edit cannot cite what is not there. */
async function citedDocuments(
  store: GalenStore,
  answer: {
    bottomLine: DraftedStatement[];
    sections: Array<{ items: Array<{ statements: DraftedStatement[] }> }>;
  },
): Promise<EvidenceDocument[]> {
  const ids = [
    ...new Set(
      [
        ...answer.bottomLine,
        ...answer.sections.flatMap((s) => s.items.flatMap((item) => item.statements)),
      ].flatMap((statement) => statement.ids),
    ),
  ];
  const documents = await Promise.all(ids.map((id) => store.getDocument(id)));
  return ids.map((id, index) => {
    const document = documents[index];
    if (document === undefined) {
      throw new ReviewRefused(
        `The edit cites ${id}, which is not in the corpus. Cite documents Galen holds.`,
        400,
      );
    }
    if (document.retracted) {
      throw new ReviewRefused(`The edit cites ${id}, which has been retracted. Cite another source.`, 400);
    }
    return document;
  });
}

function evidenceSource(document: EvidenceDocument, number: number): EvidenceSource {
  const { sentences, terms, abbreviations } = readSource(document);
  return {
    number,
    document,
    rank: number,
    score: 0,
    sentences,
    terms,
    abbreviations,
    relevance: 1,
    onTopic: true,
    preferred: false,
  };
}

/**
 * Numbers a statement's citations. A statement carried over unchanged keeps its verification; a new or reworded
 * one is verified against its cited sources and flagged for the reviewer when they do not bear it out.
 */
function finishStatement(
  statement: DraftedStatement,
  numberOf: ReadonlyMap<string, number>,
  sources: ReadonlyMap<number, EvidenceSource>,
  unchanged: Statement | undefined,
  idOf: ReadonlyMap<string, string>,
): Statement {
  const { ids, ...rest } = statement;
  const citations = ids.flatMap((id) => numberOf.get(id) ?? []);
  if (statement.kind === "framing") return { ...rest, citations: [] };
  if (unchanged !== undefined) {
    return {
      ...unchanged,
      citations,
      quotes: unchanged.quotes.flatMap((quote) => {
        const number = numberOf.get(idOf.get(String(quote.reference)) ?? "");
        return number === undefined ? [] : [{ ...quote, reference: number }];
      }),
    };
  }
  const check = verifyStatement(statement.text, citations, sources);
  return {
    text: statement.text,
    kind: "claim",
    citations,
    support: check.support,
    quotes: check.quotes.map((quote) => ({ reference: quote.evidence, quote: quote.quote })),
    ...(check.supported
      ? {}
      : { flag: `Edited by the board; not confirmed by its sources: ${check.problem}.` }),
  };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
