import type { QuestionKind, SectionKind } from "./answer.ts";

/** A line of a treatment algorithm and the words that place a sentence on it. */
export interface TreatmentLine {
  label: string;
  cues: RegExp;
}

/** One section of an answer: its heading, and the clinical words that place a source sentence in it. */
export interface SectionTemplate {
  kind: SectionKind;
  heading: string;
  cues: RegExp;
  /** The most statements the section holds; an answer says what matters, not everything found. */
  limit: number;
  /** For a treatment algorithm: its lines, in the order they are tried. */
  lines?: readonly TreatmentLine[];
  /** Takes only background: a study's results describe that study, not the condition. */
  backgroundOnly?: boolean;
}

/** Sentence-level cue lexicons; each matches words a clinician would expect in that part of an answer. */
const CUES = {
  understanding:
    /\b(?:is (?:a|an|the) (?:common|rare|frequent|leading|major)|defined as|refers to|characteri[sz]ed by|prevalence|incidence|epidemiolog\w*|patho(?:genesis|physiolog\w*)|mechanism\w*|affects?|occurs? (?:in|when|most)|common cause|aetiolog\w*|etiolog\w*)\b/i,
  presentation:
    /\b(?:present(?:s|ed|ing|ation)? with|symptoms?|signs?|complain\w*|clinical (?:features?|picture|presentation)|manifest\w*)\b/i,
  assessment:
    /\b(?:diagnos\w*|imaging|radiograph\w*|x-rays?|mri|magnetic resonance|computed tomography|\bct\b|ultrasound|scintigraph\w*|spect|bone scan|biopsy|examination|assessment|evaluat\w*|screening|sensitivity|specificity|predictive value|auc|area under|test(?:s|ing)?|laborator\w*|biomarker\w*|work-?up)\b/i,
  treatment:
    /\b(?:treat\w*|therap\w*|manag\w*|intervention\w*|surg\w*|operative|conservative|non-?operative|rehabilitat\w*|physiotherap\w*|exercise\w*|brac(?:e|es|ing)|orthos[ie]s|medication\w*|drug\w*|inject\w*|administ\w*|prescri\w*|fusion|repair|fixation|resection|transplant\w*|vaccin\w*)\b/i,
  comparison:
    /\b(?:compared (?:with|to)|versus|vs\.?|than|superior|inferior|non-?inferior|equivalent|no (?:significant )?difference|similar (?:to|efficacy|outcomes?)|more effective|less effective|head-to-head|hazard ratio|odds ratio|relative risk|risk ratio)\b/i,
  dosing:
    /\b(?:\d+(?:\.\d+)?\s?(?:mg|mcg|µg|μg|g|iu|units?|mg\/kg|mg\/m2)\b|doses?|dosing|dosage|regimens?|titrat\w*|once daily|twice daily|daily|weekly|loading dose|maintenance dose|infusion|bolus|pharmacokinetic\w*|half-life|clearance)\b/i,
  safety:
    /\b(?:adverse (?:events?|effects?|reactions?)|side effects?|toxicit\w*|harms?|safety|bleeding|haemorrhag\w*|hemorrhag\w*|contraindicat\w*|interact\w*|withdraw\w*|discontinu\w*|tolera\w*|hypoglyc\w*|complications?)\b/i,
  causes:
    /\b(?:risk factors?|associated with|association|caus\w*|predispos\w*|exposure\w*|increased risk|odds of|genetic\w*|hereditar\w*|mutation\w*|attributable|contribut\w*|lead(?:s)? to)\b/i,
  outcomes:
    /\b(?:outcomes?|prognos\w*|surviv\w*|mortality|recurren\w*|relapse\w*|remission|return(?:ed)? to (?:sport|play|work|activity|activities)|success(?:ful)?(?: rate)?|heal(?:ed|ing)?|union|cure\w*|resol\w*|improv\w*|long-term|follow-up of|quality of life|\d+(?:\.\d+)?\s?%)\b/i,
  // Populations who differ (a subgroup or contrast is stated), and harms: not every sentence that says "children".
  special: new RegExp(
    [
      "\\b(?:subgroups?|except|unlike|whereas|but not (?:in|among)|particularly (?:in|among)|especially (?:in|among)|only (?:in|among)|(?:in|among) (?:those|patients|women|men|children|adults|people) (?:with|aged|over|under|older|younger|who))\\b[^.]*\\b(?:child(?:ren)?|paediatric|pediatric|adolescen\\w*|infants?|elderly|older|aged \\d+|pregnan\\w*|lactat\\w*|breastfeed\\w*|athlet\\w*|women|men|renal|kidney|hepatic|liver|comorbid\\w*|frail\\w*|diabet\\w*)",
      "\\b(?:adverse (?:events?|effects?|reactions?)|side effects?|toxicit\\w*|complications?|interact\\w*|contraindicat\\w*)\\b",
    ].join("|"),
    "i",
  ),
  // Monitoring and review as advice, not how long a cohort was followed ("during 14 years of follow-up").
  followUp:
    /\b(?:should be (?:monitored|followed(?: up)?|reassessed|re-?evaluated|repeated|checked|referred|reviewed)|recommend\w* (?:follow-up|monitoring|surveillance|review|repeat\w*)|(?:regular|periodic|annual|yearly|close|careful|long-term) (?:monitoring|follow-up|surveillance|review|assessment)|(?:monitoring|surveillance) (?:is|should|of [^.]{0,40} (?:is|should))|refer(?:ral|red)? (?:to|for) (?:a )?(?:specialist|specialized|specialised))\b/i,
};

/**
 * The lines of a treatment algorithm, checked from the last, placed only where a source says where a treatment
 * stands ("first-line", "refractory to…"): the evidence, not a cue word such as "drug" or "diet", sets the order.
 */
export const TREATMENT_LINES: readonly TreatmentLine[] = [
  {
    label: "First-line",
    cues: /\b(?:first[- ]line|initial (?:treatment|management|therapy|approach)|mainstay of (?:treatment|therapy)|treatment of choice)\b/i,
  },
  {
    label: "Second-line, when first-line treatment is not enough",
    cues: /\b(?:second[- ]line|add-on|(?:if|when) [^.]{0,40}(?:fails?|is not enough|insufficient)|inadequate(?:ly)? (?:response|controlled)|not respond\w* to)\b/i,
  },
  {
    label: "Third-line, when earlier lines fail",
    cues: /\b(?:third[- ]line|refractory|after (?:the )?failure of|fail(?:ed|ure|s)? (?:of |to respond to )?(?:conservative|non-?operative|medical|first-line|second-line)|despite (?:conservative|non-?operative|medical|optimal))\b/i,
  },
];

const understanding = (topic: string): SectionTemplate => ({
  kind: "understanding",
  heading: `Understanding ${topic}`,
  cues: CUES.understanding,
  limit: 3,
  backgroundOnly: true,
});

const section = (kind: SectionKind, heading: string, cues: RegExp, limit = 4): SectionTemplate => ({
  kind,
  heading,
  cues,
  limit,
});

const specialConsiderations = section("special-considerations", "Special Considerations", CUES.special, 3);
const followUp = section("follow-up", "Follow-up Recommendations", CUES.followUp, 3);
const outcomes = section("outcomes", "Outcomes and Prognosis", CUES.outcomes);

/** The sections each kind of question is answered in, in reading order. */
export function sectionTemplate(kind: QuestionKind, topic: string): SectionTemplate[] {
  switch (kind) {
    case "treatment":
      return [
        understanding(topic),
        section("assessment", "Initial Assessment", CUES.assessment, 3),
        {
          ...section("treatment-algorithm", "Treatment Algorithm", CUES.treatment, 6),
          lines: TREATMENT_LINES,
        },
        outcomes,
        specialConsiderations,
        followUp,
      ];
    case "diagnosis":
      return [
        understanding(topic),
        section("presentation", "Clinical Presentation", CUES.presentation, 3),
        section("assessment", "Diagnostic Tests and Their Accuracy", CUES.assessment, 5),
        specialConsiderations,
        followUp,
      ];
    case "prognosis":
      return [
        understanding(topic),
        section("outcomes", "Outcomes and Prognosis", CUES.outcomes, 5),
        section("causes", "Prognostic Factors", CUES.causes, 4),
        specialConsiderations,
        followUp,
      ];
    case "etiology":
      return [
        understanding(topic),
        section("causes", "Causes and Risk Factors", CUES.causes, 5),
        section("outcomes", "Consequences", CUES.outcomes, 3),
        specialConsiderations,
      ];
    case "dosing":
      return [
        understanding(topic),
        section("dosing", "Dosing", CUES.dosing, 5),
        section("safety", "Safety and Adverse Effects", CUES.safety, 4),
        specialConsiderations,
        section("follow-up", "Monitoring", CUES.followUp, 3),
      ];
    case "comparison":
      return [
        understanding(topic),
        section("comparison", "Head-to-Head Evidence", CUES.comparison, 5),
        section("safety", "Harms and Tolerability", CUES.safety, 3),
        specialConsiderations,
      ];
    case "overview":
      return [
        understanding(topic),
        section(
          "presentation",
          "Presentation and Diagnosis",
          new RegExp(`${CUES.presentation.source}|${CUES.assessment.source}`, "i"),
          3,
        ),
        section("treatment-algorithm", "Management", CUES.treatment, 4),
        outcomes,
      ];
  }
}

/** The section that answers each kind of question: an answer with nothing that belongs there has not answered it. */
export const ANSWERING_SECTION: Partial<Record<QuestionKind, SectionKind>> = {
  treatment: "treatment-algorithm",
  diagnosis: "assessment",
  prognosis: "outcomes",
  etiology: "causes",
  dosing: "dosing",
  comparison: "comparison",
};

/** Where sentences that match no section's cues go, when the template's sections would otherwise stay empty. */
export const KEY_FINDINGS: SectionTemplate = section("key-findings", "Key Findings", /$^/, 4);
