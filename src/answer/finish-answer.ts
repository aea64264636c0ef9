import { PROFESSIONAL_DISCLAIMER } from "../audience/reader-profiles.ts";
import type { EvidenceDocument } from "../evidence/index.ts";
import {
  Answer,
  type AnswerSection,
  type Audience,
  answerStatements,
  type QuestionKind,
  type Statement,
  type Verification,
} from "./answer.ts";
import { answerCaveats } from "./answer-caveats.ts";
import type { AnswerDraft, DraftStatement } from "./answer-draft.ts";
import { DEFAULT_VERIFICATION, type VerificationSettings, verifyStatement } from "./claim-verification.ts";
import type { Composer } from "./composer.ts";
import { summarizeEvidence } from "./evidence-summary.ts";
import { SYNTHESIS_WORDS } from "./evidence-synthesis.ts";
import type { EvidenceSource, GatheredEvidence } from "./gather-evidence.ts";
import { buildReferences } from "./references.ts";

export interface FinishInput {
  question: string;
  searchedAs?: string;
  kind: QuestionKind;
  audience: Audience;
  evidence: GatheredEvidence;
  draft: AnswerDraft;
  composer: Pick<Composer, "name" | "model" | "settings">;
  preset: string;
  urgentNotice?: string;
  verification?: VerificationSettings;
  /** Set when the evidence is too thin to answer; the draft then only lists what was found. */
  insufficientEvidence: boolean;
  /** Galen's own words that open the bottom line (never a medical claim). */
  framing?: string;
  /** Caveats the pipeline adds, such as a composer that fell back. */
  notes?: readonly string[];
  now?: Date;
}

/**
 * Turns a composer's draft into the answer readers see: every statement is checked against the sources it cites
 * (unsupported ones dropped or flagged), evidence numbers become reference numbers in order of first citation,
 * and the references, evidence summary and caveats are built from what is actually cited.
 */
export function finishAnswer(input: FinishInput): Answer {
  const settings = input.verification ?? DEFAULT_VERIFICATION;
  const sources = new Map(input.evidence.sources.map((source) => [source.number, source]));
  const citing = new ReferenceNumbering(sources);
  const tally: Verification = { checked: 0, supported: 0, dropped: 0, flagged: 0 };
  const finish = (statements: readonly DraftStatement[]): Statement[] =>
    statements.flatMap((draft) => {
      const statement = checkedStatement(draft, sources, settings, citing, tally);
      return statement ? [statement] : [];
    });

  const bottomLine = finish(input.draft.bottomLine);
  const sections: AnswerSection[] = input.draft.sections.flatMap((section) => {
    const items = section.items.flatMap((item) => {
      const statements = finish(item.statements);
      return statements.length > 0 ? [{ ...(item.label ? { label: item.label } : {}), statements }] : [];
    });
    return items.length > 0 ? [{ heading: section.heading, kind: section.kind, items }] : [];
  });
  const references = buildReferences(citing.documents());
  const numbers = citing.numbers();
  return Answer.parse({
    question: input.question,
    ...(input.searchedAs ? { searchedAs: input.searchedAs } : {}),
    questionType: input.kind,
    audience: input.audience,
    ...(input.urgentNotice ? { urgentNotice: input.urgentNotice } : {}),
    insufficientEvidence: input.insufficientEvidence,
    ...(input.draft.verdict && !input.insufficientEvidence ? { verdict: input.draft.verdict } : {}),
    bottomLine: input.framing ? [framingStatement(input.framing), ...bottomLine] : bottomLine,
    sections,
    references,
    evidenceSummary: summarizeEvidence(references),
    caveats: [
      ...(input.notes ?? []),
      ...answerCaveats({
        evidence: input.evidence,
        references,
        verification: tally,
        composer: input.composer.name,
        synthesized: answerStatements({ bottomLine, sections }).some(
          (statement) => statement.synthesis === true,
        ),
        now: input.now,
      }),
    ],
    disclaimer: PROFESSIONAL_DISCLAIMER,
    composer: {
      name: input.composer.name,
      ...(input.composer.model ? { model: input.composer.model } : {}),
      settings: input.composer.settings,
    },
    retrieval: {
      preset: input.preset,
      evidence: input.evidence.search.results.map((result) => {
        const source = input.evidence.sources.find((candidate) => candidate.document.id === result.id);
        const reference = source ? numbers.get(source.number) : undefined;
        return {
          id: result.id,
          title: result.title,
          rank: result.rank,
          score: result.score,
          ...(source ? { relevance: Math.round(source.relevance * 1000) / 1000 } : {}),
          ...(reference ? { reference } : {}),
        };
      }),
    },
    verification: tally,
    createdAt: (input.now ?? new Date()).toISOString(),
  });
}

function framingStatement(text: string): Statement {
  return { text, kind: "framing", citations: [], support: 0, quotes: [] };
}

function checkedStatement(
  draft: DraftStatement,
  sources: ReadonlyMap<number, EvidenceSource>,
  settings: VerificationSettings,
  citing: ReferenceNumbering,
  tally: Verification,
): Statement | undefined {
  tally.checked++;
  const evidence = [...new Set(draft.evidence)];
  const check = verifyStatement(
    draft.text,
    evidence,
    sources,
    settings,
    draft.synthesis ? { own: SYNTHESIS_WORDS } : undefined,
  );
  if (check.supported) tally.supported++;
  else if (settings.unsupported === "drop" || check.quotes.length === 0) {
    // A statement whose citations point at nothing retrieved cannot even be flagged: it has no reference to show.
    tally.dropped++;
    return undefined;
  } else tally.flagged++;
  const cited = evidence.filter((number) => sources.has(number));
  return {
    text: draft.text,
    kind: "claim",
    ...(draft.synthesis ? { synthesis: true } : {}),
    citations: cited.map((number) => citing.referenceFor(number)),
    support: Math.round(check.support * 1000) / 1000,
    ...(check.supported ? {} : { flag: `Not verified: ${check.problem}.` }),
    quotes: check.quotes.map((quote) => ({
      reference: citing.referenceFor(quote.evidence),
      quote: quote.quote,
    })),
  };
}

/** Gives each cited source its reference number, in order of first citation. */
class ReferenceNumbering {
  private readonly assigned = new Map<number, number>();

  constructor(private readonly sources: ReadonlyMap<number, EvidenceSource>) {}

  referenceFor(evidence: number): number {
    let reference = this.assigned.get(evidence);
    if (reference === undefined) {
      reference = this.assigned.size + 1;
      this.assigned.set(evidence, reference);
    }
    return reference;
  }

  /** Evidence number → reference number. */
  numbers(): ReadonlyMap<number, number> {
    return this.assigned;
  }

  documents(): EvidenceDocument[] {
    return [...this.assigned.keys()].flatMap((evidence) => this.sources.get(evidence)?.document ?? []);
  }
}
