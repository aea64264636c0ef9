import type { AnswerDraft, DraftSection, DraftStatement } from "./answer-draft.ts";
import type { Composer, ComposerInput } from "./composer.ts";
import { synthesize } from "./evidence-synthesis.ts";
import { KEY_FINDINGS, type SectionTemplate, type TreatmentLine } from "./section-templates.ts";
import {
  type CandidateSentence,
  candidateSentences,
  DEFAULT_SENTENCE_WEIGHTS,
  type SentenceWeights,
  similarity,
} from "./sentence-scoring.ts";
import { studyFindings } from "./study-findings.ts";

export interface ExtractiveSettings {
  sentenceWeights: SentenceWeights;
  /** Statements in the bottom line, each from a different source. */
  bottomLine: number;
  /** Maximal marginal relevance: 1 ranks on score alone, lower values favour sentences unlike those chosen. */
  mmrLambda: number;
  /** A sentence this similar to one already chosen repeats it and is skipped. */
  duplicateSimilarity: number;
}

export const DEFAULT_EXTRACTIVE: ExtractiveSettings = {
  sentenceWeights: DEFAULT_SENTENCE_WEIGHTS,
  bottomLine: 3,
  mmrLambda: 0.7,
  duplicateSimilarity: 0.5,
};

/**
 * The default composer: needs no model and works offline. It quotes the sources' own sentences (a discourse opener
 * such as "In conclusion," trimmed), so every statement is supported exactly by the source it cites.
 */
export function extractiveComposer(settings: ExtractiveSettings = DEFAULT_EXTRACTIVE): Composer {
  return {
    name: "extractive",
    settings: {
      bottomLine: settings.bottomLine,
      mmrLambda: settings.mmrLambda,
      duplicateSimilarity: settings.duplicateSimilarity,
      ...prefixed("weight.", settings.sentenceWeights),
    },
    compose: async (input) => composeExtractive(input, settings),
  };
}

export function composeExtractive(
  input: ComposerInput,
  settings: ExtractiveSettings = DEFAULT_EXTRACTIVE,
): AnswerDraft {
  const candidates = candidateSentences(input.evidence, settings.sentenceWeights);
  const synthesis = synthesize(
    studyFindings(candidates, input.evidence.focus),
    input.evidence.focus,
    input.kind,
    input.evidence.search.analysis.text,
  );
  const chosen: CandidateSentence[] = [];
  const quoted = pickBottomLine(candidates, chosen, {
    ...settings,
    bottomLine: settings.bottomLine - (synthesis ? 1 : 0),
  });
  const bottomLine = [...(synthesis ? [synthesis.opening] : []), ...quoted.map(statementOf)];
  // A section statement names something the question asks about, not only a neighbouring finding of its source.
  const remaining = candidates.filter(
    (candidate) => !chosen.includes(candidate) && candidate.relevance >= SECTION_RELEVANCE,
  );
  const bySection = groupBySection(remaining, input.template);
  const sections = input.template.flatMap((template) => {
    const picked = pickDiverse(bySection.get(template) ?? [], template.limit, chosen, settings);
    return picked.length > 0 ? [draftSection(template, picked)] : [];
  });
  if (sections.length === 0 && remaining.length > 0) {
    const picked = pickDiverse(remaining, KEY_FINDINGS.limit, chosen, settings);
    if (picked.length > 0) sections.push(draftSection(KEY_FINDINGS, picked));
  }
  if (synthesis?.closing) {
    sections.push({ heading: "Summary", kind: "summary", items: [{ statements: [synthesis.closing] }] });
  }
  return { bottomLine, sections };
}

/**
 * A bottom-line finding must itself name this share of the question's key concepts (by specificity): a sentence
 * about inflammatory markers does not answer a question about atrial fibrillation, whatever its source.
 */
const BOTTOM_LINE_RELEVANCE = 0.5;

/** A section statement must name at least this share of the question's key concepts (by specificity). */
const SECTION_RELEVANCE = 0.2;

/** The strongest findings that answer the question, one per source, most conclusive first. */
function pickBottomLine(
  candidates: readonly CandidateSentence[],
  chosen: CandidateSentence[],
  settings: ExtractiveSettings,
): CandidateSentence[] {
  const findings = candidates.filter(
    (candidate) =>
      candidate.relevance >= BOTTOM_LINE_RELEVANCE &&
      (candidate.sentence.category === "CONCLUSIONS" ||
        candidate.sentence.category === "RESULTS" ||
        (candidate.sentence.category === "UNASSIGNED" && candidate.sentence.position >= 0.5)),
  );
  const pool = findings.length > 0 ? findings : candidates.filter((candidate) => candidate.relevance > 0);
  const picked: CandidateSentence[] = [];
  for (const candidate of pool) {
    if (picked.length >= settings.bottomLine) break;
    if (picked.some((other) => other.source === candidate.source)) continue;
    if (picked.some((other) => similarity(other.terms, candidate.terms) > settings.duplicateSimilarity))
      continue;
    picked.push(candidate);
  }
  chosen.push(...picked);
  return picked;
}

/** Each sentence goes to the section whose cue words it uses most; ties go to the earlier section. */
function groupBySection(
  candidates: readonly CandidateSentence[],
  template: readonly SectionTemplate[],
): Map<SectionTemplate, CandidateSentence[]> {
  const counters = template.map((section) => ({ section, cues: new RegExp(section.cues.source, "gi") }));
  const groups = new Map<SectionTemplate, CandidateSentence[]>();
  for (const candidate of candidates) {
    let best: { section: SectionTemplate; hits: number } | undefined;
    for (const { section, cues } of counters) {
      if (section.backgroundOnly && !isBackground(candidate)) continue;
      const hits = candidate.sentence.text.match(cues)?.length ?? 0;
      if (hits > 0 && (best === undefined || hits > best.hits)) best = { section, hits };
    }
    if (best) groups.set(best.section, [...(groups.get(best.section) ?? []), candidate]);
  }
  return groups;
}

/** Background about the condition: never a study's own figures, which describe that study's patients. */
function isBackground({ sentence }: CandidateSentence): boolean {
  const opening =
    sentence.category === "BACKGROUND" || (sentence.category === "UNASSIGNED" && sentence.position <= 0.4);
  return opening && !STUDY_FIGURES.test(sentence.text);
}

const STUDY_FIGURES =
  /\b(?:CI|p\s*[<=>≤]|risk ratio|odds ratio|hazard ratio|in (?:one|this|our|a) (?:study|trial)|\d+ (?:patients|participants|infants|children|women|men))\b|\d+(?:\.\d+)?\s?%/i;

/** Greedy maximal-marginal-relevance selection: high scores, little repetition of what is already chosen. */
function pickDiverse(
  pool: readonly CandidateSentence[],
  limit: number,
  chosen: CandidateSentence[],
  settings: ExtractiveSettings,
): CandidateSentence[] {
  const picked: CandidateSentence[] = [];
  const open = [...pool];
  while (picked.length < limit && open.length > 0) {
    let best: { index: number; value: number } | undefined;
    open.forEach((candidate, index) => {
      const redundancy = Math.max(0, ...chosen.map((other) => similarity(other.terms, candidate.terms)));
      if (redundancy > settings.duplicateSimilarity) return;
      const value = settings.mmrLambda * candidate.score - (1 - settings.mmrLambda) * redundancy;
      if (best === undefined || value > best.value) best = { index, value };
    });
    if (best === undefined) break;
    const [next] = open.splice(best.index, 1);
    if (next === undefined) break;
    picked.push(next);
    chosen.push(next);
  }
  return picked;
}

function draftSection(template: SectionTemplate, picked: readonly CandidateSentence[]): DraftSection {
  const base = { heading: template.heading, kind: template.kind };
  const plain = { ...base, items: [{ statements: picked.map(statementOf) }] };
  if (!template.lines) return plain;
  const items = treatmentLines(picked, template.lines);
  // Without a source that sets the order, there is no algorithm: the treatments studied, as found.
  return items === undefined ? { ...plain, heading: TREATMENTS_STUDIED } : { ...base, items };
}

const TREATMENTS_STUDIED = "Treatments Studied";

/**
 * A treatment algorithm in the order lines are tried, numbered from what exists; findings that no source places
 * come last. Undefined when no finding is placed on a line.
 */
function treatmentLines(
  picked: readonly CandidateSentence[],
  lines: readonly TreatmentLine[],
): DraftSection["items"] | undefined {
  const byLine = new Map<TreatmentLine | undefined, DraftStatement[]>();
  for (const candidate of picked) {
    const line = [...lines]
      .reverse()
      .find((candidateLine) => candidateLine.cues.test(candidate.sentence.text));
    byLine.set(line, [...(byLine.get(line) ?? []), statementOf(candidate)]);
  }
  const items = lines.flatMap((line) => {
    const statements = byLine.get(line);
    return statements ? [{ label: line.label, statements }] : [];
  });
  if (items.length === 0) return undefined;
  const unplaced = byLine.get(undefined);
  if (unplaced) items.push({ label: "Other treatment findings", statements: unplaced });
  return items;
}

/** Openers that only connect a sentence to the abstract around it. */
const DISCOURSE_OPENER =
  /^(?:in (?:conclusion|summary)|to conclude|overall|taken together|collectively|in short),?\s+/i;

function statementOf(candidate: CandidateSentence): DraftStatement {
  const trimmed = candidate.sentence.text.replace(DISCOURSE_OPENER, "");
  return {
    text: trimmed.charAt(0).toUpperCase() + trimmed.slice(1),
    evidence: [candidate.source.number],
  };
}

function prefixed(prefix: string, values: SentenceWeights): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`${prefix}${key}`, value]));
}
