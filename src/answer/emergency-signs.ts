const SEVERE_BREATHLESSNESS = "severe difficulty breathing";
const CHEST_PAIN = "\\bchest (?:pain|pressure|tightness|discomfort)\\b";
const CANNOT_BREATHE =
  "\\b(?:can(?:no|'|’)?t|cannot|unable to|could(?:n'|n’| no)t|struggling to|hard to) (?:breathe|catch (?:my|his|her|their) breath)\\b";
const CHEST_PAIN_WARNING = `(?:\\b(?:short(?:ness)? of breath|breathless\\w*|dyspn(?:o)?ea|sweat\\w*|radiat\\w*|(?:left )?arm|jaw|faint\\w*|nause\\w*)\\b|${CANNOT_BREATHE})`;
const ALLERGY =
  "\\b(?:allerg\\w*|sting|stung|peanuts?|nuts?|shellfish|hives|swell\\w*|swollen|epi-?pen|adrenaline|epinephrine)\\b";

/** Presentations that need emergency care now, and the words in a question that describe them. */
const EMERGENCY_SIGNS: ReadonlyArray<{ presentation: string; pattern: RegExp }> = [
  {
    presentation: "chest pain with breathlessness or other warning signs",
    pattern: new RegExp(
      [
        `${CHEST_PAIN}.*${CHEST_PAIN_WARNING}`,
        `${CHEST_PAIN_WARNING}.*${CHEST_PAIN}`,
        "\\b(?:crushing|squeezing|heavy|severe|sudden) chest (?:pain|pressure|tightness)\\b",
      ].join("|"),
      "i",
    ),
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
    pattern: new RegExp(
      [
        "\\banaphyla\\w*",
        "\\b(?:throat|tongue|lips?|face) (?:is |are )?(?:swelling|swollen|closing)\\b",
        "\\bswollen (?:throat|tongue|lips|face)\\b",
        `${CANNOT_BREATHE}.*${ALLERGY}`,
        `${ALLERGY}.*${CANNOT_BREATHE}`,
      ].join("|"),
      "i",
    ),
  },
  {
    presentation: SEVERE_BREATHLESSNESS,
    pattern: new RegExp(`${CANNOT_BREATHE}|\\bturning blue\\b|\\bblue lips\\b|\\bgasping\\b`, "i"),
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
  const matched = EMERGENCY_SIGNS.filter((sign) => sign.pattern.test(question));
  // Breathlessness that chest pain or an allergic reaction already explains is named once, as part of them.
  const signs =
    matched.length > 1 ? matched.filter((sign) => sign.presentation !== SEVERE_BREATHLESSNESS) : matched;
  if (signs.length === 0) return undefined;
  const named = signs.map((sign) => sign.presentation).join("; ");
  const advice = signs.some((sign) => sign.presentation.startsWith("thoughts of suicide"))
    ? CRISIS_LINES
    : CALL_EMERGENCY;
  return `Urgent: the question describes ${named}. ${advice}`;
}
