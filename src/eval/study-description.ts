import { abstractSentences } from "../answer/source-sentences.ts";
import type { EvidenceDocument } from "../evidence/index.ts";

/**
 * Sentences that describe a study rather than report what it found: its aim, design, participants, procedures,
 * measurements and analysis. An answer that quotes one as a claim says nothing about the question ("Patients were
 * randomly assigned to surgery or a sling"). This classifier is the evaluation's own, kept independent of the
 * composer's sentence scoring, so that it checks the composer rather than agreeing with it by construction.
 */

/** Why a sentence counts as describing the study. */
export type StudyDescriptionReason = "methods-label" | "objective-label" | "design-pattern";

export interface StudyDescriptionSentence {
  text: string;
  reason: StudyDescriptionReason;
}

const PARTICIPANTS =
  "(?:patients|participants|subjects|individuals|people|persons|adults|children|infants|neonates|adolescents|women|men|mothers|volunteers|respondents|cases|controls|eyes|animals|mice|rats|studies|trials|articles|records|charts)";

/** Past-tense verbs that describe what the investigators did. */
const DID =
  "(?:conducted|performed|carried out|undertook|undertaken|designed|enrolled|recruited|randomi[sz]ed|included|searched|reviewed|analy[sz]ed|examined|evaluated|assessed|measured|compared|studied|investigated|explored|described|collected|followed|obtained|selected|screened|extracted|sought|aimed|hypothesi[sz]ed|tested|surveyed|interviewed|used|applied|constructed|developed|recorded|calculated|assigned|allocated|(?:conduct|perform|investigate|examine|evaluate|assess|compare|test|explore|describe|analy[sz]e|study|measure|use|review|enrol|enroll|recruit)(?!\\w))";

/** Passive verbs of procedure and measurement ("was measured", "were randomly assigned"). */
const DONE =
  "(?:(?:randomly\\s+)?(?:assigned|allocated)|randomi[sz]ed|enrolled|recruited|screened|interviewed|surveyed|invited|stratified|matched|divided|followed(?:\\s+up)?|measured|assessed|evaluated|compared|studied|recorded|determined(?!\\s+to\\s+be)|quantified|collected|analy[sz]ed|ascertained|extracted|abstracted|searched|reviewed|conducted|performed|carried out|undertaken|administered|given|defined|categori[sz]ed|classified|dichotomi[sz]ed|adjusted|calculated|estimated using|modell?ed|identified (?:from|through|using|by)|obtained (?:from|through|by)|used|applied|fit(?:ted)?|hypothesi[sz]ed|examined|monitored|documented|registered|instructed|asked|trained|blinded|masked)";

/**
 * Sentence shapes that describe a study. Each was written from real abstracts (see study-description.test.ts);
 * they are read case-insensitively against a whole sentence.
 */
const DESIGN_PATTERNS: readonly RegExp[] = [
  // The investigators' own actions: "We conducted…", "We retrospectively reviewed…", "Here, we tested whether…".
  new RegExp(
    `^(?:[^,;]{1,120},\\s+|(?:during|over|between|from|in|at|for|after|before|using)\\b[^,;]{1,100}?\\s+|\\w+ly,?\\s+)?(?:here,?\\s+)?(?:we|the (?:authors|investigators))\\s+(?:\\w+ly\\s+)?${DID}\\b`,
    "i",
  ),
  // Passive description of procedure: "Patients were randomly assigned…", "Serum ferritin was measured…". Not
  // inside a relative clause ("patients who were randomised to X had fewer…" reports a finding).
  new RegExp(
    `(?<!\\b(?:who|that|which|whom)\\s+)\\b(?:was|were|has been|have been|had been)\\s+(?:\\w+ly\\s+)?${DONE}\\b`,
    "i",
  ),
  // Stated aims: "The aim of this study was…", "Our objective was…", "This study sought to…", "To determine whether…".
  /^(?:the|our|this|a)\s+(?:\w+\s+){0,2}(?:aims?|objectives?|purposes?|goals?|intent|rationale)\s+(?:of|was|were|is|are)\b/i,
  /^(?:this|the present|the current|our|the)\s+(?:\w+\s+){0,3}(?:study|trial|analysis|review|meta-analysis|survey|report|paper|investigation|work)\s+(?:\w+ly\s+)?(?:aim(?:s|ed)?|sought|was (?:designed|undertaken|conducted|performed|carried out)|is (?:designed|the first to)|investigat(?:es|ed)|evaluat(?:es|ed)|examin(?:es|ed)|assess(?:es|ed)|compar(?:es|ed)|explor(?:es|ed)|describ(?:es|ed)|reports? (?:on )?(?:the|a|our)|tests?|tested|address(?:es|ed)|determin(?:es|ed)|focus(?:es|ed))\b/i,
  /^to\s+(?:better\s+|further\s+|more\s+\w+\s+|\w+ly\s+)?(?:determine|assess|evaluate|investigate|examine|compare|describe|explore|identify|test|estimate|characteri[sz]e|quantify|measure|analy[sz]e|establish|define|review|clarify|validate|develop|report|correlate|ascertain|study|understand|elucidate|document|verify|confirm|appraise|address|find out|learn|highlight|summari[sz]e|predict|detect|calculate|audit|survey|record|monitor|re-?evaluate|re-?assess|investigate|analyse|look|see whether|know)\b/i,
  /^(?:we|it was)\s+(?:hypothesi[sz]ed|postulated|aimed|sought|wished|wanted|set out)\b/i,
  // Outcomes named as such: "Secondary outcomes were…", "The primary end point was…" (not "Outcomes were better…").
  /^(?:the\s+)?(?:primary|secondary|main|principal|co-primary|exploratory|clinical)\s+(?:\w+\s+)?(?:outcomes?|end\s?-?points?|outcome measures?|measures?|variables?)\s+(?:was|were|included|comprised|consisted|is|are)\b/i,
  /^(?:the\s+)?(?:main\s+|primary\s+)?outcome measures?\b/i,
  // "This was a prospective cohort study…", "A retrospective review of… was performed" (the verb is caught above).
  /^(?:this|it)\s+(?:is|was)\s+(?:a|an)\s+(?:[\w-]+\s+){0,4}(?:study|trial|analysis|review|survey|audit|cohort|series|investigation)\b/i,
  /^(?:a|an)\s+(?:[\w-]+,?\s+){0,5}(?:study|trial|analysis|review|survey|audit|investigation)\s+(?:of|in|among|was|were|using|involving|including|conducted|performed|at|from)\b/i,
  // A design named on its own, as a structured abstract's DESIGN line reads: "Randomized controlled trial.".
  /^(?:an?\s+)?(?:[\w-]+,?\s+){0,4}(?:randomi[sz]ed|controlled|prospective|retrospective|cross-sectional|cohort|case-control|observational|longitudinal|double-blind|double-masked|multicent(?:er|re)|population-based|descriptive|qualitative|pilot|comparative|systematic|open-label|placebo-controlled|\d+-(?:year|month|week))\b[\w\s,()-]{0,60}?\b(?:study|trial|survey|review|analysis|audit|series)\b(?:\s+(?:of|in|among|at|with|involving|using|from|comparing|conducted|performed)\b[^.]*)?\.?$/i,
  // Data handling and statistics: "Data were collected…", "Statistical analysis was…".
  /^(?:data|information|samples?|specimens?|questionnaires?|records?)\s+(?:\w+\s+){0,4}(?:were|was)\s+(?:\w+ly\s+)?(?:collected|analy[sz]ed|obtained|gathered|extracted|pooled|retrieved|reviewed|drawn|taken)\b/i,
  /^statistical\s+(?:analys[ie]s|methods?|significance)\b/i,
  new RegExp(
    `^(?:a\\s+total\\s+of\\s+)?(?:\\d[\\d,]*|[a-z]+(?:-[a-z]+)?)\\s+(?:[\\w-]+\\s+){0,4}${PARTICIPANTS}\\s+(?:\\w+\\s+){0,6}(?:were|was)\\s+(?:\\w+ly\\s+)?(?:included|enrolled|recruited|randomi[sz]ed|studied|identified|selected|screened|analy[sz]ed|evaluated|examined|followed|eligible|assigned|allocated|interviewed|surveyed)\\b`,
    "i",
  ),
  /\b(?:medline|pubmed|embase|cinahl|cochrane|web of science|scopus|psycinfo)\b.{0,80}\b(?:searched|search(?:ed)? (?:of|for|from))\b/i,
];

/**
 * A section label left in the text ahead of the sentence: "Design and setting A 52 week…", "MAIN OUTCOME MEASURES
 * Incremental cost…", "Methods: …".
 */
const LEFT_LABEL =
  /^(?:study\s+|research\s+)?(?:design|setting|participants|subjects|patients|population|interventions?|methods?|materials|main outcome measures?|outcome measures?|measurements?|objectives?|aims?|purpose|data sources?|study selection|data extraction|data collection|search (?:methods|strategy)|selection criteria|eligibility criteria)(?:\s*,?\s*(?:and|&)?\s*(?:setting|participants|population|methods?|materials|patients|subjects|interventions?|design|measurements?|outcome measures?|analysis|synthesis))*(?:\s*[:.-]\s*|\s+)/i;

/** Labels that cannot open a sentence of their own ("Patients were…" can; "Design and setting A 52 week…" cannot). */
const ONLY_A_LABEL =
  /^(?:study|research|design|setting|methods?|objectives?|aims?|purpose|main outcome)|\s(?:and|&)\s|,/i;

function startsWithLabel(text: string): boolean {
  const label = LEFT_LABEL.exec(text)?.[0];
  // The words after a label start a sentence of their own: a capital or a digit (checked here, as the label's
  // pattern ignores case).
  if (label === undefined || !/^[A-Z0-9]/.test(text.slice(label.length))) return false;
  const setOff = /[:.-]\s*$/.test(label) || label === label.toUpperCase();
  return setOff || ONLY_A_LABEL.test(label.trim());
}

/** Findings words: a sentence that matches a design pattern but reports an effect is a finding, not a method. */
const FINDING =
  /\b(?:significantly|significant(?:ly)? (?:higher|lower|more|less|better|worse|reduc|increas|improv|differ)|(?:was|were) (?:associated|correlated|linked|related) with|(?:reduced|increased|improved|decreased|lowered|raised|doubled|halved) (?:the )?(?:risk|rate|incidence|odds|mortality|survival|hazard)|no (?:significant )?(?:difference|association|effect|benefit)|did not (?:differ|improve|reduce|increase|affect|change)|(?:odds|hazard|risk|rate) ratio|relative risk|95\s?%\s*(?:ci|confidence)|p\s*[<=>≤]\s*0?\.\d|significant (?:association|difference|increase|decrease|reduction|improvement|correlation|effect|benefit)|no (?:\w+\s+)?(?:adverse events?|complications?|deaths?|side effects?)\b|(?:showed|shown|demonstrated|revealed|indicated) (?:that|a|an|no)|suggest(?:s|ed)? that|found (?:that|a|no))/i;

/** Aims name what was to be found ("…to determine whether X was associated with Y"): findings words do not excuse them. */
const STATED_AIM =
  /^(?:to\s|(?:the|our|this)\s+(?:\w+\s+){0,2}(?:aims?|objectives?|purposes?|goals?)\b|we\s+(?:\w+ly\s+)?(?:aimed|sought|hypothesi[sz]ed|tested whether|investigated whether|examined whether|assessed whether|asked whether)|this (?:study|trial|review) (?:aim|sought))/i;

/** Background about the literature, not this study: "No research had been undertaken to ascertain…". */
const NOT_DONE =
  /^(?:no|few|little|limited|previous|prior|earlier|several|many|most|some)\s+(?:\w+\s+)?(?:research|studies|data|evidence|trials|reports|investigations)\b/i;

/** True when an unlabelled sentence, on its wording alone, describes how a study was done or what it set out to do. */
export function isDesignStatement(sentence: string): boolean {
  const text = sentence.trim();
  if (NOT_DONE.test(text)) return false;
  if (!startsWithLabel(text) && !DESIGN_PATTERNS.some((pattern) => pattern.test(text))) return false;
  return STATED_AIM.test(text) || !FINDING.test(text);
}

/**
 * The sentences of a document's abstract that describe the study: every sentence of a section labelled METHODS or
 * OBJECTIVE (by NLM category or label), and, where the abstract does not say a sentence is a finding (unlabelled
 * text and background sections), each sentence the design patterns recognise. Sentences of sections labelled
 * RESULTS or CONCLUSIONS are trusted to be findings.
 */
export function studyDescriptionSentences(
  document: Pick<EvidenceDocument, "abstract">,
): StudyDescriptionSentence[] {
  return abstractSentences(document).flatMap((sentence): StudyDescriptionSentence[] => {
    switch (sentence.category) {
      case "METHODS":
        return [{ text: sentence.text, reason: "methods-label" }];
      case "OBJECTIVE":
        return [{ text: sentence.text, reason: "objective-label" }];
      case "BACKGROUND":
      case "UNASSIGNED":
        return isDesignStatement(sentence.text) ? [{ text: sentence.text, reason: "design-pattern" }] : [];
      default:
        return [];
    }
  });
}

/** Openers that only link a sentence to the one before it; an answer may quote a sentence without them. */
const DISCOURSE_OPENER =
  /^(?:in (?:conclusion|summary|short|brief|addition|total)|to (?:conclude|summari[sz]e)|overall|taken together|collectively|together|altogether|finally|moreover|furthermore|additionally|thus|therefore|hence|however|importantly|notably|in this (?:study|trial|review|report|analysis|cohort))\s*[,:]?\s+/i;

/** A sentence as compared: no discourse opener, case, spacing or closing punctuation. */
export function comparableSentence(text: string): string {
  let value = text.normalize("NFKC").replace(/\s+/g, " ").trim();
  for (let previous = ""; previous !== value; ) {
    previous = value;
    value = value.replace(DISCOURSE_OPENER, "");
  }
  return value
    .toLowerCase()
    .replace(/[\s.;:]+$/, "")
    .trim();
}

/**
 * The study-description sentence of the given documents that a statement quotes, if any: the statement's text is
 * that sentence, give or take a dropped discourse opener, capitalisation and spacing.
 */
export function quotedStudyDescription(
  statement: string,
  documents: ReadonlyArray<Pick<EvidenceDocument, "abstract">>,
): StudyDescriptionSentence | undefined {
  const wanted = comparableSentence(statement);
  if (wanted === "") return undefined;
  for (const document of documents) {
    const match = studyDescriptionSentences(document).find(
      (sentence) => comparableSentence(sentence.text) === wanted,
    );
    if (match) return match;
  }
  return undefined;
}
