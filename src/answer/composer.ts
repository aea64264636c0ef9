import type { Audience, QuestionKind } from "./answer.ts";
import type { AnswerDraft } from "./answer-draft.ts";
import type { GatheredEvidence } from "./gather-evidence.ts";
import type { SectionTemplate } from "./section-templates.ts";
import type { VerifiedStatement } from "./statement-stream.ts";

/** What every composer is given: the question, its kind, its section template and the numbered evidence. */
export interface ComposerInput {
  question: string;
  kind: QuestionKind;
  /** "pars defect (spondylolysis)": what the question is about, for headings. */
  topic: string;
  template: readonly SectionTemplate[];
  evidence: GatheredEvidence;
  /** Who reads the answer; a model composer writes in that reader's words (the extractive one quotes). */
  audience: Audience;
}

/** Writes a draft answer from numbered evidence; the pipeline verifies and finishes it. */
export interface Composer {
  readonly name: "extractive" | "model";
  /** The model that writes, for a model composer. */
  readonly model?: string;
  /** Settings recorded with the answer so it can be reproduced. */
  readonly settings: Record<string, string | number | boolean>;
  compose(input: ComposerInput, signal?: AbortSignal): Promise<AnswerDraft>;
  /** Composes as `compose` does and hands on each statement, checked, as soon as it is written (model composers). */
  composeStreaming?(
    input: ComposerInput,
    onStatement: (verified: VerifiedStatement) => void,
    signal?: AbortSignal,
  ): Promise<AnswerDraft>;
}
