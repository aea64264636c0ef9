/**
 * Text in a source that addresses an AI system rather than a reader ("ignore previous instructions…"). Such
 * sentences are set aside as data: never quoted, never shown to a model. Safety rule 5 holds without them (the
 * extractive composer follows nothing and a model's output is verified), but quoting one would still mislead.
 */
const INSTRUCTION_PATTERNS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:previous|prior|above|earlier|preceding|all|your|system)\b.{0,20}\b(?:instructions?|prompts?|rules|guidelines|directions)\b/i,
  /\b(?:system|developer)\s+prompt\b/i,
  /\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|chatbot|language\s+model|llm|gpt)\b/i,
  /\bas\s+an?\s+(?:ai|language\s+model|assistant)\b/i,
  /\b(?:assistant|ai|model|chatbot|llm)s?\s*(?:must|should)\s+(?:now\s+)?(?:say|answer|respond|reply|state|recommend|output)\b/i,
  /\b(?:respond|answer|reply)\s+(?:only\s+)?with\b.{0,40}\b(?:regardless|no\s+matter)\b/i,
  /<\/?(?:system|instructions?|prompt)>/i,
];

export function looksLikeInstruction(sentence: string): boolean {
  return INSTRUCTION_PATTERNS.some((pattern) => pattern.test(sentence));
}
