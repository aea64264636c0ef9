import { type Glossary, plainLanguageGlossary } from "../audience/glossary.ts";
import { showTerms, simplifySentence } from "../audience/plain-language.ts";
import { READER_PROFILES, type Reader, type ReaderProfile } from "../audience/reader-profiles.ts";
import type { Answer, AnswerSection, QuestionKind, SectionKind, Statement } from "./answer.ts";
import { quantities } from "./text-terms.ts";

/** Headings in everyday words, for readers who are not clinicians. */
const PLAIN_HEADINGS: Partial<Record<SectionKind, string>> = {
  assessment: "How It Is Diagnosed",
  presentation: "Signs and Symptoms",
  "treatment-algorithm": "Treatment Options, Step by Step",
  comparison: "How the Options Compare",
  safety: "Side Effects and Risks",
  causes: "Causes and Risk Factors",
  outcomes: "What to Expect",
  "special-considerations": "Special Situations",
  "follow-up": "Follow-up",
};

const PLAIN_LINE_LABELS: Record<string, string> = {
  "First-line: conservative care": "First: treatment without surgery",
  "Second-line: medicines and procedures": "Next: medicines and procedures",
  "Third-line: surgery, when earlier lines fail": "Last: surgery, if other treatments have not helped",
  "Other treatment findings": "Other findings",
};

/** Units that make a statement a dose, which readers who do not prescribe do not see. */
const DOSE_UNITS = /\s(?:mg|mcg|g|kg|ml|iu|units|mg\/kg|mg\/m2|mmol)$/;

/**
 * The same answer for another reader: the same sources, citations and claims, in that reader's order, words and
 * depth. Reworded statements keep the source's wording in `original`; Galen's own additions are framing.
 */
export function personalizeAnswer(
  answer: Answer,
  reader: Reader,
  glossary: Glossary = plainLanguageGlossary(),
): Answer {
  const profile = READER_PROFILES[reader];
  if (reader === answer.audience) return answer;
  const glossed = new Set<string>();
  const reword = (statement: Statement) => rewordStatement(statement, profile, glossary, glossed);
  const keep = (statement: Statement) => profile.showsDosing || !statesDose(statement);
  const sections = orderSections(answer.sections, profile).flatMap((section) => {
    const items = section.items.flatMap((item) => {
      const statements = item.statements.filter(keep).map(reword);
      if (statements.length === 0) return [];
      const label =
        item.label && profile.terms === "plain" ? (PLAIN_LINE_LABELS[item.label] ?? item.label) : item.label;
      return [{ ...(label ? { label } : {}), statements }];
    });
    if (items.length === 0) return [];
    const heading =
      profile.terms === "plain" ? (PLAIN_HEADINGS[section.kind] ?? section.heading) : section.heading;
    return [{ ...section, heading, items }];
  });
  return {
    ...answer,
    audience: reader,
    bottomLine: answer.bottomLine.filter(keep).map(reword),
    sections: [
      ...sections,
      ...(profile.addsPatientGuidance && !answer.insufficientEvidence ? patientGuidance(answer) : []),
    ],
    disclaimer: profile.disclaimer,
  };
}

function orderSections(sections: readonly AnswerSection[], profile: ReaderProfile): AnswerSection[] {
  const visible = sections.filter((section) => !profile.hiddenSections.includes(section.kind));
  const rank = (section: AnswerSection) => {
    const at = profile.sectionsFirst.indexOf(section.kind);
    return at === -1 ? profile.sectionsFirst.length : at;
  };
  // A stable sort: sections the profile does not name keep the answer's order after those it does.
  return visible
    .map((section, index) => ({ section, index }))
    .sort((a, b) => rank(a.section) - rank(b.section) || a.index - b.index)
    .map(({ section }) => section);
}

function statesDose(statement: Statement): boolean {
  return quantities(statement.text).some((quantity) => DOSE_UNITS.test(quantity));
}

function rewordStatement(
  statement: Statement,
  profile: ReaderProfile,
  glossary: Glossary,
  glossed: Set<string>,
): Statement {
  if (statement.kind === "framing") return statement;
  const text = profile.simplifiesSentences
    ? simplifySentence(statement.text, glossary, profile.terms, glossed)
    : showTerms(statement.text, glossary, profile.terms, glossed);
  return text === statement.text
    ? statement
    : { ...statement, text, original: statement.original ?? statement.text };
}

const framing = (text: string): Statement => ({
  text,
  kind: "framing",
  citations: [],
  support: 0,
  quotes: [],
});

/** What a patient should take from the answer and ask about; Galen's own words, marked as such, citing nothing. */
function patientGuidance(answer: Answer): AnswerSection[] {
  return [
    {
      heading: "What This Means for You",
      kind: "what-this-means",
      items: [
        {
          statements: [
            framing(
              "These findings come from studies of groups of people. Your own care depends on your health and history.",
            ),
            framing(MEANING[answer.questionType]),
          ],
        },
      ],
    },
    {
      heading: "When to Seek Care",
      kind: "when-to-seek-care",
      items: [
        {
          statements: [
            framing("Get medical help quickly if your symptoms are severe, come on suddenly or get worse."),
            framing(
              "Call your local emergency number for chest pain, trouble breathing, fainting, or weakness on one side of the body.",
            ),
          ],
        },
      ],
    },
    {
      heading: "Questions to Ask Your Clinician",
      kind: "questions-to-ask",
      items: [{ statements: QUESTIONS[answer.questionType].map(framing) }],
    },
  ];
}

const MEANING: Record<QuestionKind, string> = {
  treatment: "Talk with your clinician about which of these treatments fits you, and what to try first.",
  diagnosis: "Ask your clinician which tests you need and what the results would change.",
  prognosis: "Ask your clinician what these results mean for someone like you.",
  etiology: "Ask your clinician which of these risks apply to you and what you can change.",
  dosing: "Take medicines only as your prescriber or pharmacist tells you. Do not change a dose on your own.",
  comparison: "Ask your clinician how these options compare for someone like you.",
  overview: "Ask your clinician how this applies to you.",
};

const QUESTIONS: Record<QuestionKind, readonly string[]> = {
  treatment: [
    "Which treatment do you suggest for me, and why?",
    "How long does it usually take to get better?",
    "What would make us consider a different treatment?",
  ],
  diagnosis: [
    "Which tests do I need, and what will they show?",
    "Are there risks to these tests?",
    "What happens if the results are unclear?",
  ],
  prognosis: [
    "What is most likely to happen in my case?",
    "What can I do to improve my outlook?",
    "What signs should make me call you?",
  ],
  etiology: [
    "What is the most likely cause in my case?",
    "Which of my risk factors can I change?",
    "Should my family members be checked?",
  ],
  dosing: [
    "What dose is right for me, and how should I take it?",
    "What side effects should I watch for?",
    "Does this medicine interact with anything else I take?",
  ],
  comparison: [
    "Which option do you suggest for me, and why?",
    "How do the side effects of the options differ?",
    "What happens if the first option does not work?",
  ],
  overview: ["How does this affect me?", "What should I watch for?", "Where can I learn more?"],
};
