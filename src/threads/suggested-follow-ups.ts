import { type Answer, answerStatements } from "../answer/answer.ts";
import { gatherEvidence } from "../answer/gather-evidence.ts";
import { plainLanguageGlossary } from "../audience/glossary.ts";
import type { CorpusStore } from "../store/corpus-store.ts";
import { conditionsOf } from "./follow-up-context.ts";

const SUGGESTIONS = 3;

/** Groups of patients a clinician asks about next, as an answer's statements name them. */
const POPULATIONS: ReadonlyArray<[RegExp, string]> = [
  [/\b(?:children|paediatric|pediatric|infants?)\b/i, "children"],
  [/\b(?:adolescents?|teenagers?)\b/i, "adolescents"],
  [/\b(?:older adults|elderly|aged (?:65|70|75|80))\b/i, "older adults"],
  [/\b(?:pregnan\w*)\b/i, "pregnancy"],
  [/\bathletes?\b/i, "athletes"],
];

/**
 * Three questions a clinician would plausibly ask next, from the answer's own gaps and contents: the outcomes of a
 * procedure it mentions, a group of patients it touches on, a part of the question it could not cover. Each is
 * kept only if the corpus holds a source on its topic.
 */
export async function suggestFollowUps(store: CorpusStore, answer: Answer): Promise<string[]> {
  if (answer.insufficientEvidence) return [];
  const [condition] = conditionsOf(answer.searchedAs ?? answer.question);
  if (condition === undefined) return [];
  const suggestions: string[] = [];
  for (const candidate of candidates(answer, condition)) {
    if (suggestions.length >= SUGGESTIONS) break;
    if (suggestions.includes(candidate)) continue;
    const evidence = await gatherEvidence(store, candidate, { sources: 5 });
    if (evidence.sources.some((source) => source.onTopic)) suggestions.push(candidate);
  }
  return suggestions;
}

function* candidates(answer: Answer, condition: string): Generator<string> {
  const statements = answerStatements(answer).filter((statement) => statement.kind === "claim");
  const text = statements.map((statement) => statement.text).join(" ");
  for (const procedure of proceduresIn(text)) yield `What are the outcomes of ${procedure} for ${condition}?`;
  const kinds = new Set(answer.sections.map((section) => section.kind));
  if (answer.questionType !== "diagnosis" && !kinds.has("assessment")) yield `How is ${condition} diagnosed?`;
  if (answer.questionType !== "prognosis" && !kinds.has("outcomes"))
    yield `What is the prognosis of ${condition}?`;
  for (const [pattern, population] of POPULATIONS) {
    if (pattern.test(text) && !new RegExp(`\\b${population}\\b`, "i").test(answer.question)) {
      yield `How is ${condition} treated in ${population}?`;
    }
  }
  if (answer.questionType !== "treatment") yield `What is the treatment for ${condition}?`;
  if (answer.questionType !== "etiology") yield `What are the risk factors for ${condition}?`;
}

/** Procedures the answer names, as the glossary knows them, most mentioned first. */
function proceduresIn(text: string): string[] {
  const counts = new Map<string, number>();
  for (const match of plainLanguageGlossary().find(text)) {
    if (match.entry.kind !== "procedure") continue;
    const name = text.slice(match.start, match.end).toLowerCase();
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name)
    .slice(0, 2);
}
