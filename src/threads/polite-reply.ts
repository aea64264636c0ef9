import { analyzeQuery } from "../search/index.ts";

const GREETING =
  /^\s*(?:hi|hello|hey|good\s+(?:morning|afternoon|evening)|thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much)?|thank\s+you|cheers|ok(?:ay)?|great|bye|goodbye)\b[\s!.,]*(?:galen)?[\s!.]*$/i;

/** Requests Galen's corpus cannot answer and should not search for. */
const OFF_TOPIC =
  /\b(?:weather|forecast|joke|recipe|lottery|stock\s+(?:price|market)|football\s+score|movie|film|song|poem|horoscope|translate|bitcoin)\b/i;

/**
 * The reply to a message that is not a clinical question (empty, a greeting or thanks, off-topic, or nothing
 * searchable), or undefined for a real question. Answered without a search.
 */
export function politeReply(message: string): string | undefined {
  const text = message.trim();
  if (text === "")
    return "Please type a follow-up question, for example about a treatment, a test or a group of patients.";
  if (GREETING.test(text)) {
    return /thank|cheers/i.test(text)
      ? "You're welcome. Ask a follow-up question whenever you like."
      : "Hello. Ask a clinical question, or a follow-up to the one before.";
  }
  if (OFF_TOPIC.test(text)) {
    return "Galen answers clinical questions from its evidence corpus, so it cannot help with that. Try a question about a condition, a test or a treatment.";
  }
  if (analyzeQuery(text).concepts.length === 0) {
    return "That message has no medical terms to search for. Try naming a condition, a test, a treatment or a group of patients.";
  }
  return undefined;
}
