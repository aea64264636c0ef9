import { z } from "zod";
import { SECTION_KINDS, type SectionKind } from "./answer.ts";
import { DraftStatement } from "./answer-draft.ts";
import { type StatementCheck, type VerificationSettings, verifyStatement } from "./claim-verification.ts";
import type { EvidenceSource } from "./gather-evidence.ts";

/** Where a statement stands in the answer. */
export type StatementPlace =
  | { part: "bottom-line" }
  | { part: "section"; section: number; kind?: SectionKind; heading?: string; label?: string };

export interface VerifiedStatement {
  statement: DraftStatement;
  place: StatementPlace;
  check: StatementCheck;
}

/**
 * A verified statement read back from JSON (a worker's report to the server that streams it); kept in step with
 * VerifiedStatement by its type.
 */
export const ReportedStatement: z.ZodType<VerifiedStatement> = z.object({
  statement: DraftStatement,
  place: z.custom<StatementPlace>((place) => typeof place === "object" && place !== null && "part" in place),
  check: z.object({
    supported: z.boolean(),
    support: z.number(),
    problem: z.string().optional(),
    quotes: z.array(z.object({ evidence: z.number(), quote: z.string() })),
  }),
});

export interface StatementStreamOptions {
  sources: readonly EvidenceSource[];
  /** The statement as the draft will keep it, or undefined when the draft will leave it out. */
  keep: (written: unknown) => DraftStatement | undefined;
  verification: VerificationSettings;
  onStatement: (verified: VerifiedStatement) => void;
}

/**
 * Follows a draft as a model streams it, and hands on each statement, checked against its sources, once it is
 * complete. JSON is written front to back, so in the partial JSON only the value written last can be unfinished:
 * every statement outside that path is complete.
 */
export class StatementStream {
  private readonly handed = new Set<string>();
  private readonly sources: ReadonlyMap<number, EvidenceSource>;

  constructor(private readonly options: StatementStreamOptions) {
    this.sources = new Map(options.sources.map((source) => [source.number, source]));
  }

  /** `final`: the whole draft is in, so its last statement is complete too. */
  update(partial: unknown, final: boolean): void {
    const open = final ? "" : `${lastWritten(partial).join("/")}/`;
    const finished: Finished = (path) => !open.startsWith(`${path.join("/")}/`);
    for (const { path, statement, place } of writtenStatements(partial, finished)) {
      const key = path.join("/");
      if (this.handed.has(key) || !finished(path)) continue;
      this.handed.add(key);
      const kept = this.options.keep(statement);
      if (!kept) continue;
      const check = verifyStatement(kept.text, kept.evidence, this.sources, this.options.verification);
      this.options.onStatement({ statement: kept, place, check });
    }
  }
}

type JsonPath = Array<string | number>;
/** Whether the value at a path is fully written (in partial JSON, a string may still be growing). */
type Finished = (path: JsonPath) => boolean;

/** The path to the value written last: the last element or property, all the way down. */
function lastWritten(value: unknown): JsonPath {
  const path: JsonPath = [];
  let node = value;
  for (;;) {
    if (Array.isArray(node) && node.length > 0) {
      path.push(node.length - 1);
      node = node[node.length - 1];
    } else if (isRecord(node) && Object.keys(node).length > 0) {
      const key = Object.keys(node).at(-1) as string;
      path.push(key);
      node = node[key];
    } else {
      return path;
    }
  }
}

/** The statements of a (partial) draft, in the order the model wrote them. */
function* writtenStatements(
  draft: unknown,
  finished: Finished,
): Generator<{ path: JsonPath; statement: unknown; place: StatementPlace }> {
  if (!isRecord(draft)) return;
  for (const part of Object.keys(draft)) {
    const value = draft[part];
    if (!Array.isArray(value)) continue;
    if (part === "bottomLine") {
      for (const [index, statement] of value.entries()) {
        yield { path: [part, index], statement, place: { part: "bottom-line" } };
      }
    } else if (part === "sections") {
      for (const [index, section] of value.entries()) yield* sectionStatements(section, index, finished);
    }
  }
}

/** A section's statements, placed by the heading, kind and label written so far (a half-written one is left out). */
function* sectionStatements(section: unknown, index: number, finished: Finished) {
  if (!isRecord(section) || !Array.isArray(section.items)) return;
  const text = (value: unknown, path: JsonPath) =>
    typeof value === "string" && value.trim() && finished(path) ? value.trim() : undefined;
  const kind = SECTION_KINDS.find((known) => known === text(section.kind, ["sections", index, "kind"]));
  const heading = text(section.heading, ["sections", index, "heading"]);
  for (const [itemIndex, item] of section.items.entries()) {
    if (!isRecord(item) || !Array.isArray(item.statements)) continue;
    const label = text(item.label, ["sections", index, "items", itemIndex, "label"]);
    const place: StatementPlace = { part: "section", section: index, kind, heading, label };
    for (const [statementIndex, statement] of item.statements.entries()) {
      yield { path: ["sections", index, "items", itemIndex, "statements", statementIndex], statement, place };
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
