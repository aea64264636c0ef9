/** Presentations that need emergency care now, and the words in a question that describe them. */
const EMERGENCY_SIGNS: ReadonlyArray<{ presentation: string; pattern: RegExp }> = [
  {
    presentation: "chest pain with breathlessness or other warning signs",
    pattern:
      /\bchest (?:pain|pressure|tightness|discomfort)\b.*\b(?:short(?:ness)? of breath|breathless\w*|dyspn(?:o)?ea|sweat\w*|radiat\w*|(?:left )?arm|jaw|faint\w*|nause\w*)\b|\b(?:short(?:ness)? of breath|breathless\w*|dyspn(?:o)?ea|sweat\w*)\b.*\bchest (?:pain|pressure|tightness)\b/i,
  },
  {
    presentation: "signs of a stroke",
    pattern:
      /\b(?:face|facial) (?:droop\w*|drooping|weakness)|\bslurred speech\b|\bsudden(?:ly)? (?:weakness|numbness|confusion|trouble (?:speaking|seeing|walking)|loss of (?:vision|balance))|\bone side of (?:the|my|his|her|their) (?:body|face)\b|\bworst headache\b|\bstroke (?:signs|symptoms)\b|\bhaving a stroke\b/i,
  },
  {
    presentation: "thoughts of suicide or self-harm",
    pattern:
      /\bsuicid\w*|\bkill (?:myself|himself|herself|themselves)\b|\bend (?:my|his|her|their) (?:own )?life\b|\bwant(?:s)? to die\b|\bself-harm\w*|\bharm(?:ing)? (?:myself|himself|herself|themselves)\b/i,
  },
  {
    presentation: "a severe allergic reaction (anaphylaxis)",
    pattern:
      /\banaphyla\w*|\b(?:throat|tongue|lips?) (?:is |are )?(?:swelling|swollen|closing)\b|\bswollen (?:throat|tongue|lips)\b|\b(?:can(?:no|')t|cannot|unable to) breathe\b/i,
  },
  {
    presentation: "severe bleeding",
    pattern:
      /\bbleeding (?:that )?(?:won(?:'|’)t|will not|does not|doesn(?:'|’)t) stop\b|\b(?:vomiting|coughing up) blood\b|\bhaematemesis\b|\bhematemesis\b|\bheavy bleeding\b/i,
  },
  {
    presentation: "collapse, unresponsiveness or a prolonged seizure",
    pattern:
      /\b(?:unconscious|unresponsive|not breathing|collapsed|status epilepticus)\b|\bseizure (?:lasting|that (?:won(?:'|’)t|will not) stop)\b|\bchoking\b/i,
  },
  {
    presentation: "a poisoning or overdose",
    pattern:
      /\boverdos\w*|\bpoison\w*|\bswallowed (?:an? )?(?:bleach|batter(?:y|ies)|button batter(?:y|ies)|magnets)\b/i,
  },
  {
    presentation: "signs of meningitis or sepsis",
    pattern:
      /\bstiff neck\b.*\bfever\b|\bfever\b.*\bstiff neck\b|\bnon-?blanching rash\b|\bpurpuric rash\b|\bseptic shock\b/i,
  },
];

const CALL_EMERGENCY =
  "If this is happening now, call your local emergency number (for example 911 in the US, 112 in the EU, 999 in the UK) or go to the nearest emergency department. This answer summarises published research; it is not emergency advice.";

const CRISIS_LINES =
  "If you or someone else may act on thoughts of suicide or self-harm, call your local emergency number now, or a crisis line (988 in the US; Samaritans 116 123 in the UK and Ireland). This answer summarises published research; it is not crisis support.";

/**
 * The urgent-care notice for a question that describes an emergency, or undefined. It errs on the side of showing
 * the notice: a clinician asking about anaphylaxis in general sees it too, which costs one line.
 */
export function urgentCareNotice(question: string): string | undefined {
  const signs = EMERGENCY_SIGNS.filter((sign) => sign.pattern.test(question));
  if (signs.length === 0) return undefined;
  const named = signs.map((sign) => sign.presentation).join("; ");
  const advice = signs.some((sign) => sign.presentation.startsWith("thoughts of suicide"))
    ? CRISIS_LINES
    : CALL_EMERGENCY;
  return `Urgent: the question describes ${named}. ${advice}`;
}
