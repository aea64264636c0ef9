import { type AnalyzedQuery, type QueryConcept, questionType } from "../search/index.ts";
import type { QuestionKind } from "./answer.ts";

/** The kind of answer a question wants; a definition or an unrecognised question gets an overview. */
export function questionKind(question: string): QuestionKind {
  const type = questionType(question);
  return type === "definition" || type === "unknown" ? "overview" : type;
}

/**
 * What the question is about, for headings: its topic concepts (up to three) as the question wrote them, each with
 * the name the literature uses beside it ("pars defect (spondylolysis)", "atrial fibrillation (AF)").
 */
export function questionTopic(analysis: AnalyzedQuery): string {
  const topics = analysis.concepts.filter((concept) => concept.weight >= 1).slice(0, MAX_TOPIC_CONCEPTS);
  const named = (topics.length > 0 ? topics : analysis.concepts.slice(0, 1)).map((concept) =>
    displayName(concept, analysis.text),
  );
  if (named.length === 0) return "the question";
  const last = named.pop();
  return named.length > 0 ? `${named.join(", ")} and ${last}` : (last ?? "the question");
}

const MAX_TOPIC_CONCEPTS = 3;

function displayName(concept: QueryConcept, question: string): string {
  const at = question.toLowerCase().indexOf(concept.text);
  const typed = at >= 0 ? question.slice(at, at + concept.text.length) : concept.text;
  const senses = concept.expansions.filter((expansion) => expansion.kind === "abbreviation");
  if (senses.length === 1 && senses[0]) return `${senses[0].text} (${typed})`;
  const synonym = concept.expansions.find((expansion) => expansion.kind === "synonym");
  return synonym ? `${typed} (${synonym.text})` : typed;
}
