import { nlmCategoryForLabel } from "./abstract-label.ts";
import { EVIDENCE_LEVELS, type EvidenceLevel } from "./evidence-level.ts";
import { NON_HUMAN_SUBJECTS } from "./study-subjects.ts";

/**
 * The study design a record's own words state, for records whose publication types and MeSH headings say
 * nothing (PubMedQA, SciFact and many MEDLINE records carry only "Journal Article"). Conservative by design: the
 * title is read first, then the abstract's sentences that describe this study (its methods or design, or a
 * sentence in the first person or about "this" study); background sentences, other studies ("previous randomized
 * trials"), studies yet to be done ("randomized trials are needed") and reviews *of* trials do not count. Animal
 * studies get no clinical design. Opinion is never inferred.
 */
export type InferredLevel = Exclude<EvidenceLevel, "unclassified" | "opinion">;

export interface InferredEvidenceLevel {
  level: InferredLevel;
  from: "title" | "abstract";
  /** The words that decided it, for audits. */
  cue: string;
  /** The abstract sentence they are in. */
  sentence?: string;
  /** Set while inferring: a title's trial that the abstract may show to be randomized. */
  unspecific?: boolean;
}

/** What the inference reads: the title and the abstract's sections (labelled, or free text). */
export interface DesignText {
  title: string;
  abstract: ReadonlyArray<{ label?: string | undefined; nlmCategory?: string | undefined; text: string }>;
}

/** Strongest first, as in EVIDENCE_LEVELS: a record whose words name two designs gets the stronger. */
const LEVEL_ORDER: readonly InferredLevel[] = EVIDENCE_LEVELS.filter(
  (level): level is InferredLevel => level !== "opinion" && level !== "unclassified",
);

export function evidenceLevelFromText(document: DesignText): InferredLevel | undefined {
  return inferEvidenceLevel(document)?.level;
}

export function inferEvidenceLevel(document: DesignText): InferredEvidenceLevel | undefined {
  const title = document.title.trim();
  // A protocol reports no results; a question-shaped title (PubMedQA's) names no design.
  if (NO_STUDY.test(title)) return undefined;
  // A model's cohorts and trials are simulated: it gets no clinical design.
  // Lower case and plain hyphens are all the modelling words need of normalizing.
  const words = `${title} ${document.abstract.map((s) => s.text).join(" ")}`
    .toLowerCase()
    .replace(/[\u2010-\u2015]/g, "-");
  const modelled = MODELLING_WORDS.some((word) => words.includes(word)) && MODELLING.test(words);
  if (!title.endsWith("?")) {
    const fromTitle = strongest(matches(TITLE_RULES, normalized(title), "title", modelled));
    if (fromTitle && !fromTitle.unspecific) return fromTitle;
    const fromAbstract = fromAbstractText(document.abstract, modelled);
    if (fromTitle) return fromAbstract?.level === "randomized-trial" ? fromAbstract : withoutFlag(fromTitle);
    return fromAbstract;
  }
  return fromAbstractText(document.abstract, modelled);
}

/** Words one of which the modelling pattern needs: scanning for them is cheaper than the pattern. */
const MODELLING_WORDS = [
  "markov",
  "decision",
  "simulation",
  "hypothetical",
  "cost-effectiveness",
  "mathematical",
  "monte carlo",
];

function fromAbstractText(abstract: DesignText["abstract"], modelled: boolean) {
  const found: InferredEvidenceLevel[] = [];
  for (const sentence of designSentences(abstract)) {
    // One test of every rule's words first: most sentences hold none, and then no rule needs to run.
    const rules = ANY_ABSTRACT_HINT.test(sentence.text) ? ABSTRACT_RULES : [];
    found.push(...matches(rules, sentence, "abstract", modelled));
  }
  return strongest(found);
}

function withoutFlag({ unspecific: _, ...inferred }: InferredEvidenceLevel): InferredEvidenceLevel {
  return inferred;
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

interface Rule {
  level: InferredLevel;
  pattern: RegExp;
  /**
   * Words one of which the pattern cannot match without: a quick test that spares most sentences (most name no
   * design) the pattern's long expression. Ingest reads every unclassified abstract, so this is its main cost.
   */
  hint?: RegExp;
  /**
   * "act": the words themselves say this study did it ("patients were randomly assigned", "we searched MEDLINE").
   * "design": a design's name ("a randomized controlled trial"), which counts only in a methods or design section,
   * at the head of a sentence, or beside words that point at this study ("we", "this"); "head": only at the head of
   * a sentence ("Retrospective case series."); "section": at the head of a sentence or in a methods or design
   * section. Default "act".
   */
  needs?: "act" | "design" | "section" | "head";
  /** A human study's design: not inferred from a sentence about animals. */
  clinical?: boolean;
  /** A title's trial that may or may not have randomized: an abstract that says it did decides. */
  unspecific?: boolean;
}

interface Sentence {
  /** Lower case, with the words that only look like a design ("non-randomized", "randomly selected") rewritten. */
  text: string;
  /** The original words, for acronyms and audits. */
  original: string;
  category: string | undefined;
  label: string | undefined;
}

const N = String.raw`(?:[\w'-]+[\s,]+)`; // one word and what follows it
const TRIAL_NOUN = String.raw`(?:trial|study|experiment)(?![\w-])`;
const NUMBER_WORD = String.raw`(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})`;
const NOT_TRIAL_NOUN = String.raw`(?!\s+(?:participants|enrol|recruit|data|results|registration|registry|number|identifier|protocols?|paradigms?|evaluation|of labou?r))`;
const DATABASES = String.raw`(?:medline|pubmed|embase|cinahl|psycinfo|web of science|scopus|cochrane|lilacs|central|clinicaltrials\.gov|(?:electronic|bibliographic|literature) databases?|databases)`;

/** Titles of records that report no study of their own: protocols, and notices about another record. */
const NO_STUDY =
  /\b(?:study protocol|trial protocol|protocol for|protocol of|rationale and design|design and rationale|a protocol)\b|^\W*(?:correction|erratum|corrigendum|retraction|retracted|expression of concern|notice of)\b/i;

const TITLE_RULES: readonly Rule[] = [
  {
    level: "guideline",
    pattern:
      /^(?!.*\b(?:adherence|adherent|compliance|concordan\w*|relation|implementation|implementing|impact|effects?|uptake|awareness|knowledge|attitudes?|survey|audit|evaluation|according|consistent|based on|following|versus|vs)\b.*guideline).*\b(?:guidelines?\s*(?:for|on|of|from|in|to|:|\(|$)|guidance (?:for|on)\b)/,
  },
  {
    level: "guideline",
    pattern:
      /\b(?:consensus (?:statement|report|recommendations?|conference|document|guidelines?)|position (?:statement|paper|stand)|practice parameter|recommendations (?:of|from) (?:the|an?)\b|^recommendations (?:for|on)\b)/,
  },
  {
    level: "systematic-review",
    pattern:
      /^(?!.*\b(?:methods?|funnel|software|statistical|how to|bibliometric|scientometric)\b|.*\b(?:in|for) (?:a |the )?(?:network )?meta-analys[ie]s\b(?! of)).*\b(?:meta-?analy[sz](?:is|es)|meta-analytic|meta-regression|systematic(?:al)? (?:literature |critical |scoping )?(?:review|overview)|umbrella review|overview of (?:systematic )?reviews|cochrane review|pooled analysis of (?:\w+\s+){0,3}?(?:randomi[sz]ed|trials))\b/,
  },
  {
    level: "randomized-trial",
    pattern: new RegExp(
      String.raw`\b(?:randomi[sz]ed|randomised)[\s,-]+${N}{0,6}?(?:trial|study|experiment|comparison|crossover|cross-over)(?![\w-])|\bcluster[- ]randomi[sz]ed\b|\brandomi[sz]ed (?:double|single|triple)[- ]blind\b|\brct\b`,
    ),
    clinical: true,
  },
  {
    level: "non-randomized-trial",
    pattern: /\bnonrandom[\s,-]+(?:[\w'-]+[\s,]+){0,4}?trial(?![\w-])|\bquasi-?experiment|\bsingle[- ]arm\b/,
    clinical: true,
  },
  {
    // A trial's phase or kind, which does not say whether it randomized: the abstract may.
    level: "non-randomized-trial",
    pattern: new RegExp(
      String.raw`\bphase (?:i{1,3}v?|[1-4])(?:\s*\/\s*(?:i{1,3}|[1-4]))?[ab]?[\s,-]+${N}{0,5}?${TRIAL_NOUN}|\b(?:open[- ]label|uncontrolled|pilot|open|clinical|feasibility|dose[- ]escalation|dose[- ]finding|first[- ]in[- ]human)[\s,-]+${N}{0,3}?trial(?![\w-])${NOT_TRIAL_NOUN}`,
    ),
    clinical: true,
    unspecific: true,
  },
  {
    level: "case-report",
    pattern: new RegExp(
      String.raw`\bcase reports?\b|\bcase series\b|(?:^|[:.]\s*)(?:a|an)\s+(?:[\w-]+\s+){0,2}?case (?:of|with|report|presenting)\b|\b(?:unusual|rare|first|fatal|atypical|unique|new|novel|paediatric|pediatric) case (?:of|with|report|presenting)\b|\ba case and (?:a )?review\b|\breport of (?:a|an|${NUMBER_WORD}) (?:[\w-]+\s+){0,2}?(?:cases?|patients?|famil(?:y|ies)|siblings)\b|\b${NUMBER_WORD} cases of\b|\bin (?:two|three|four|five|six|seven|eight|nine|ten) (?:[\w-]+\s+){0,2}?(?:patients|cases|siblings|brothers|sisters)\b`,
    ),
    clinical: true,
  },
  {
    level: "observational",
    pattern: new RegExp(
      String.raw`\b(?:cohort|case[- ]control|cross[- ]sectional|case[- ]cohort|observational|longitudinal|population[- ]based|registry[- ]based|register[- ]based|ecological|follow[- ]up|prospective|retrospective)[\s,-]+${N}{0,2}?(?:study|analysis|survey|investigation|evaluation|review|audit)(?![\w-])|\b(?:national|nationwide|cross-sectional|online|web-based|household|population-based|postal|telephone|questionnaire) survey\b|\bgenome-wide association (?:study|analysis|scan)\b|\bmendelian-randomisation-design\b|\bbirth cohort\b`,
    ),
    clinical: true,
  },
  {
    level: "narrative-review",
    pattern:
      /^(?!.*\b(?:chart|records?|files?|cases|patients|retrospective|peer|utili[sz]ation|institutional|\d+[- ]years?|drug|dose|code|board)\b).*(?:\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?review\b|\breview of (?:the )?(?:literature|evidence|current)|\b(?:literature|narrative|critical|clinical|mini-?|brief|state[- ]of[- ]the[- ]art|scoping|integrative|comprehensive) review\b|:\s*(?:a\s+)?review\b|\breview\s*$|\boverview\b|\bupdate on\b|\ban update\b|\brecent advances\b|\bcurrent concepts\b|\bstate of the art\b)/,
  },
];

const MODELLING =
  /\b(?:markov|decision[- ]analytic(?:al)?|decision (?:analysis|analytic(?:al)? models?|models?|trees?)|(?:micro)?simulation models?|microsimulation|hypothetical cohort|cost-effectiveness model|mathematical model|monte carlo)\b/;

/** Words that put an act in a study not yet done, a hypothetical one, or someone else's. */
const NOT_THIS_ACT =
  /\b(?:will|would|should|could|might|future|further|needed|warranted|proposed|plan to|simulated?|in (?:previous|prior|earlier|other|several|many|recent|published|these) (?:trials?|studies)|previous(?:ly reported)? (?:trials?|studies|reports?)|(?:prior|earlier|other) (?:trials?|studies)|have (?:shown|demonstrated|suggested|found|reported)|has (?:shown|been shown|demonstrated)|bibliometric|scientometric)\b/;

/** A review's words: a design or an act beside them is what the review pooled or discusses, not this study's. */
const REVIEW_WORDS =
  /\b(?:meta-analy\w*|systematic(?:ally)? reviews?|as (?:we )?discuss(?:ed)?|we (?:discuss|review)|this review)\b/;

/** Words that put a design's name in someone else's study, a hypothetical one, or one not yet done. */
const NOT_THIS_DESIGN_WORDS = `previous(?:ly)?|prior|earlier|past|other|future|further|additional|larger|needed|warranted|required|necessary|should|would|could|can|might|may|will|being|suitable|similar to|support|lack(?:ing|s)?|no|not|few|little|unlike|have (?:shown|demonstrated|suggested|found|reported|failed)|has (?:shown|been|demonstrated)|evidence from|results from|data from (?:previous|prior|large|recent|several|many)|bibliometric|scientometric`;
/** …and, beside a primary study's design, the words of one that reads others. */
const NOT_THIS_DESIGN = new RegExp(
  String.raw`\b(?:${NOT_THIS_DESIGN_WORDS}|discuss|literature|published|reported)\b`,
);
const NOT_THIS_REVIEW = new RegExp(
  String.raw`\b(?:${NOT_THIS_DESIGN_WORDS}|showed|demonstrated|found|suggested|concluded|is a method)\b`,
);

/** Words that point at the record's own study. */
const THIS_STUDY =
  /\b(?:we|our|this|here(?:in)?|the present|the current|conducted|performed|undertaken|carried out|was designed|were enrolled|enrolled|participated|took part|(?:study|trial) (?:is|was) an?|nct\d{8}|isrctn\d+|actrn\d+|chictr[\w-]*\d|drks\d+|eudract)\b/;

/** Words that may come before a design's name at the head of a sentence ("In a prospective, randomized …"). */
const HEAD_WORDS = /^(?:(?:in|using|by|from)\s+)?(?:(?:an?|this|our|the)\s+)?(?:[\w:/-]+,?\s+){0,5}$/;
const VERB_OR_LINK =
  /\b(?:was|were|is|are|be|been|has|have|had|of|from|with|to|than|and|or|who|which|that)\b/;

/** Labels of a systematic review's structured abstract (Cochrane's, JAMA's, BMJ's). */
const REVIEW_LABEL =
  /\b(?:STUDY SELECTION|SELECTION CRITERIA|DATA SYNTHESIS|SEARCH (?:METHODS|STRATEGY)|EVIDENCE (?:ACQUISITION|SYNTHESIS)|DATA COLLECTION AND ANALYSIS|REVIEW METHODS|ELIGIBILITY CRITERIA)\b/i;
const CASE_LABEL = /\bCASE (?:PRESENTATION|REPORTS?|DESCRIPTION|SUMMARY|HISTORY|DETAILS)\b/i;
const DESIGN_LABEL = /\b(?:DESIGN|METHODS?|METHODOLOGY|SETTING|PARTICIPANTS|PATIENTS|SUBJECTS|MATERIALS?)\b/i;

const ABSTRACT_RULES: readonly Rule[] = [
  // Guideline: the document presents itself as one, or its panel made recommendations.
  {
    hint: /guid|consensus|position|recommend/,
    level: "guideline",
    pattern:
      /\b(?:this|these|the present)\s+(?:[\w-]+\s+){0,3}?(?:guidelines?|guidance|consensus statement|position statement|position paper|recommendations)\s+(?:provides?|presents?|offers?|summari[sz]es?|updates?|addresses|describes?|includes?|focus(?:es)?|aims?|replaces?|supersedes?|outlines?|covers?|represents?|reflects?|(?:is|are|was|were) (?:intended|based|developed|designed|prepared|formulated|endorsed))\b/,
  },
  {
    hint: /panel|committee|working group|work group|writing group|expert group/,
    level: "guideline",
    pattern:
      /\b(?:the|an?)\s+(?:expert |guideline |writing |consensus |international |multidisciplinary )*(?:panel|committee|working group|work group|writing group|expert group)\b[^.;]{0,60}?\b(?:recommends?|suggests?|(?:developed|formulated|issued|made|generated|drafted)\s+(?:[\w-]+\s+){0,3}?(?:recommendations|guidelines|statements|guidance))\b/,
  },
  {
    hint: /recommend|guideline|consensus|position/,
    level: "guideline",
    pattern:
      /\brecommendations (?:were|are) (?:graded|rated|made|formulated|developed|issued|drafted)\b|\b(?:clinical practice guideline|consensus statement|position statement)\b/,
    needs: "design",
  },
  // Systematic review / meta-analysis.
  {
    hint: /search|review|identif/,
    level: "systematic-review",
    pattern: new RegExp(
      String.raw`\bwe (?:systematically |comprehensively |electronically )?(?:searched|reviewed|identified)\b[^.;]{0,100}?\b${DATABASES}\b|\b${DATABASES}\b[^.;]{0,80}?\b(?:were|was) (?:systematically |comprehensively |electronically )?searched\b`,
    ),
  },
  {
    hint: /review|meta|pooled|overview/,
    level: "systematic-review",
    pattern:
      /\bwe (?:conducted|performed|undertook|did|carried out|completed|report|present|updated)\s+(?:an? |the )?(?:[\w-]+[\s,]+){0,4}?(?:systematic (?:literature )?review|meta-analy[sz]is|meta-regression|pooled analysis|umbrella review|overview of (?:systematic )?reviews)\b|\b(?:systematic (?:literature )?reviews?|meta-analy[sz][ie]s)(?: and (?:meta-analy[sz][ie]s|meta-regressions?))?\s+(?:was|were) (?:then |therefore )?(?:conducted|performed|undertaken|carried out|done|completed)\b|\bwe (?:systematically reviewed|meta-analy[sz]ed|pooled (?:data|results|estimates) from)\b/,
  },
  {
    hint: /review|meta/,
    level: "systematic-review",
    pattern:
      /\b(?:this|the present|the current|our)\s+(?:[\w-]+\s+){0,3}?(?:systematic (?:literature )?review|meta-analy[sz]is|meta-regression|umbrella review)\b/,
  },
  {
    hint: /review|meta/,
    level: "systematic-review",
    pattern:
      /\b(?:systematic (?:literature )?review|meta-analy[sz]is|meta-regression|umbrella review|overview of (?:systematic )?reviews)\b/,
    needs: "section",
  },
  // Randomized trial: a random allocation this study made.
  {
    hint: /random/,
    level: "randomized-trial",
    pattern:
      /\b(?:were|was|been|being|be|are|is)\s+(?:then\s+|subsequently\s+|prospectively\s+|equally\s+|centrally\s+|individually\s+|also\s+)?(?:randomly\s+(?:assigned|allocated|divided|distributed|given|placed|split)|randomi[sz]ed|assigned (?:at random|randomly)|allocated (?:at random|randomly))\b/,
    clinical: true,
  },
  {
    hint: /random/,
    level: "randomized-trial",
    pattern:
      /\bwe\s+(?:then\s+)?(?:randomly\s+(?:assigned|allocated|divided)|randomi[sz]ed|assigned\b[^.;]{0,60}?\b(?:randomly|at random)|allocated\b[^.;]{0,60}?\b(?:randomly|at random))|\b(?:underwent|after|following|before|at|time of|underwent)\s+randomi[sz]ation\b|\brandomi[sz]ation (?:was|were) (?:stratified|performed|done|conducted|computer[- ]generated|concealed|carried out|blocked)\b|\b(?:randomly assigned|randomi[sz]ed)\s+(?:\(?\d\s*:\s*\d\)?\s+)?(?:to receive|to either|to one of|in a \d\s*:\s*\d ratio)\b|\b(?:and|then)\s+(?:then\s+)?randomly (?:assigned|allocated) (?:to|into|between)\b/,
    clinical: true,
  },
  {
    hint: /random|blind/,
    level: "randomized-trial",
    pattern: new RegExp(
      String.raw`\brandomi[sz]ed[\s,-]+(?:\(\d\s*:\s*\d\)[\s,]+)?${N}{0,7}?(?:trial|study|experiment|design|comparison|fashion|manner|crossover|cross-over|evaluation|investigation|case series)(?![\w-])|\bcluster[- ]randomi[sz]ed\b|\b(?:double|triple)[- ]blind(?:ed)?[\s,-]+${N}{0,3}?placebo[- ]controlled[\s,-]+${N}{0,2}?${TRIAL_NOUN}`,
    ),
    needs: "design",
    clinical: true,
  },
  // Non-randomized trial.
  {
    hint: /random|quasi|single[- ]arm|phase|open[- ]label|uncontrolled|dose[- ]|first[- ]in|before[- ]and|pre[- ]post|pre-?test/,
    level: "non-randomized-trial",
    pattern: new RegExp(
      String.raw`\bnonrandom[\s,-]+${N}{0,4}?(?:trial|intervention study)(?![\w-])|\bquasi-?experimental\b|\bsingle[- ]arm[\s,-]+${N}{0,4}?${TRIAL_NOUN}|\bphase (?:i{1,3}v?|[1-4])(?:\s*\/\s*(?:i{1,3}|[1-4]))?[ab]?[\s,-]+${N}{0,5}?${TRIAL_NOUN}|\b(?:open[- ]label|uncontrolled|dose[- ]escalation|dose[- ]finding|first[- ]in[- ]human)[\s,-]+${N}{0,3}?trial(?![\w-])${NOT_TRIAL_NOUN}|\b(?:before[- ]and[- ]after|pre[- ]post|pretest[- ]posttest|pre-test[- ]post-test)[\s,-]+${N}{0,2}?(?:study|design|trial|intervention)(?![\w-])`,
    ),
    needs: "design",
    clinical: true,
  },
  {
    hint: /trial/,
    level: "non-randomized-trial",
    pattern: new RegExp(
      String.raw`(?:^(?:an?\s+)?|\b(?:this|our|the present|we (?:conducted|performed|did|undertook|carried out|report|initiated|designed)(?: an?)?)\s+)${N}{0,4}?(?:clinical|pilot|open|feasibility|uncontrolled|multicent(?:er|re)|prospective) trial(?![\w-])${NOT_TRIAL_NOUN}`,
    ),
    clinical: true,
  },
  // Observational.
  {
    hint: /cohort|case[- ]control|cross[- ]sectional|observational|longitudinal|population[- ]based|regist|ecological|prospective|retrospective|survey|genome|mendelian/,
    level: "observational",
    pattern: new RegExp(
      String.raw`\b(?:cohort|case[- ]control|cross[- ]sectional|case[- ]cohort|observational|longitudinal|population[- ]based|registry[- ]based|register[- ]based|ecological|prospective|retrospective)[\s,-]+${N}{0,2}?(?:study|analysis|survey|investigation|evaluation|design|review|audit)(?![\w-])|\b(?:cohort|cross[- ]sectional|longitudinal|case[- ]control|registry|register)\s+data\b|\b(?:national|nationwide|cross-sectional|online|web-based|household|population-based|postal|telephone|questionnaire) survey\b|\bgenome-wide association (?:study|analysis|scan)\b|\bmendelian-randomisation-design\b|\bcohort (?:of|comprising|including|with) (?:(?:[\d,]+|[a-z-]+)\s+)?(?:[\w-]+\s+){0,3}?(?:patients|participants|women|men|adults|children|individuals|subjects|infants|people|persons|veterans|workers|residents|nurses|physicians|survivors|pregnancies|births|twins|volunteers|adolescents)\b`,
    ),
    needs: "design",
    clinical: true,
  },
  {
    hint: /record|chart|notes|files|regist|databas|data (?:from|of|on)|questionnaire|survey/,
    level: "observational",
    pattern:
      /\b(?:medical|clinical|hospital|health|electronic health|patient|case|patients') (?:records?|charts?|notes|files)\b[^.;]{0,60}?\b(?:were|was) (?:retrospectively )?(?:reviewed|analy[sz]ed|examined|abstracted|searched|audited)\b|\bwe (?:retrospectively )?(?:reviewed|analy[sz]ed|audited)\b[^.;]{0,50}?\b(?:records|charts|case notes|files|registry|register|database)\b|\bwe (?:used|analy[sz]ed|examined|linked) (?:the )?data (?:from|of|on) (?:[\d,]+|the|a|an|all)\b|\bquestionnaires? (?:was|were) (?:sent|mailed|administered|distributed|completed|emailed)\b|\bwe (?:conducted|performed|carried out|undertook|did) an? (?:(?:national|nationwide|cross-sectional|online|web-based|postal|telephone|household|questionnaire|population-based|probability|sample|community-based|anonymous|descriptive|multicent(?:er|re))[\s,-]+){0,3}survey\b/,
    clinical: true,
  },
  {
    hint: /cohort|cross[- ]sectional|case[- ]control|longitudinal|observational|retrospective|prospective|population[- ]based/,
    level: "observational",
    pattern:
      /^(?:[\w-]+[\s,]+){0,3}?(?:cohort|cross[- ]sectional|case[- ]control|longitudinal|observational|retrospective|prospective)\s*\.?$|\b(?:this|the present) study (?:is|was) (?:an? )?(?:[\w-]+,?\s+){0,2}?(?:cross[- ]sectional|retrospective|prospective|longitudinal|observational|population[- ]based)\b/,
    needs: "head",
    clinical: true,
  },
  {
    hint: /retrospectively|prospectively/,
    level: "observational",
    pattern:
      /\b(?:retrospectively|prospectively) (?:reviewed|analy[sz]ed|collected|followed|identified|recruited|enrolled)\b/,
    clinical: true,
  },
  // Case report / case series.
  {
    hint: /case|we (?:report|describe|present)|^an? \d/,
    level: "case-report",
    pattern: new RegExp(
      String.raw`\bwe (?:report|describe|present)\s+(?:here\s+)?(?:a|an|the)\s+(?:[a-z-]+\s+){0,3}?case\b|\bwe (?:report|describe|present)\s+(?:here\s+)?${NUMBER_WORD}\s+(?:[a-z-]+\s+){0,3}?(?:cases|patients|siblings|families|children|members|brothers|sisters|twins)\b|\bwe (?:report|describe|present)\s+(?:here\s+)?(?:a|an)\s+(?:\d{1,3}[- ](?:year|month|week|day)[- ]old\s+|[a-z-]+\s+){0,3}?(?:patient|man|woman|boy|girl|child|infant|neonate|family|kindred)\b(?![\w-])|^(?:a|an)\s+\d{1,3}[- ](?:year|month|week|day)[- ]old\s+(?:[a-z-]+\s+){0,3}?(?:man|woman|male|female|boy|girl|patient|child|infant|neonate|gentleman|lady)\b|\bthis case report\b|^(?:this|the present|our) case (?:illustrates|highlights|demonstrates|underscores|emphasi[sz]es|shows|describes)\b`,
    ),
    clinical: true,
  },
  {
    hint: /case series/,
    level: "case-report",
    pattern: /\bcase series\b/,
    needs: "head",
    clinical: true,
  },
  // Narrative review.
  {
    hint: /review/,
    level: "narrative-review",
    pattern:
      /\b(?:literature|narrative|unsystematic|critical|clinical) review\b|\breview of (?:the )?literature\b/,
    needs: "head",
  },
  {
    hint: /\bhere|review|article|paper|chapter|overview|commentary|perspective|summari/,
    level: "narrative-review",
    pattern:
      /\b(?:here(?:in)?|in this (?:[\w-]+\s+)?(?:review|article|paper|chapter|overview))\s*,?\s*we\s+(?:briefly\s+|critically\s+)?(?:review|discuss|summari[sz]e|highlight|outline|overview|provide (?:an? )?(?:[\w-]+\s+)?(?:overview|summary|update|review)|survey|examine the (?:literature|evidence|current))\b|\bwe review\b|\b(?:narrative|unsystematic|literature) review (?:was|is) (?:performed|conducted|undertaken|carried out)\b|\bwe reviewed the (?:[\w-]+\s+){0,2}?literature\b|\b(?:this|the present|the current|our)\s+(?:[\w-]+\s+){0,2}?(?:review|overview|commentary|perspective|chapter)\s+(?:[\w-]+\s+)?(?:summari[sz]es|discusses|describes|highlights|focuses|provides|outlines|reviews|explores|addresses|covers|considers|examines|presents|synthesi[sz]es|aims|will)\b|\b(?:this|the present|our)\s+(?:article|paper)\s+(?:reviews|summari[sz]es|discusses|highlights|outlines|provides an overview)\b|\bin this (?:[\w-]+\s+)?review\b|\b(?:literature|evidence|advances|concepts|developments|progress|knowledge|understanding|findings|studies)\s+(?:[\w-]+\s+){0,4}?(?:is|are) (?:briefly |critically )?(?:reviewed|summari[sz]ed)\b/,
  },
];

/** Every abstract rule's words in one pattern (a rule without a hint makes it match everything). */
const ANY_ABSTRACT_HINT = new RegExp(
  ABSTRACT_RULES.map((rule) => (rule.hint ? rule.hint.source : "")).join("|"),
);

function matches(
  rules: readonly Rule[],
  sentence: Sentence | string,
  from: "title" | "abstract",
  modelled: boolean,
): InferredEvidenceLevel[] {
  const s: Sentence =
    typeof sentence === "string"
      ? { text: sentence, original: sentence, category: undefined, label: undefined }
      : sentence;
  const found: InferredEvidenceLevel[] = [];
  for (const rule of rules) {
    if (rule.hint && !rule.hint.test(s.text)) continue;
    const match = rule.pattern.exec(s.text);
    if (!match) continue;
    if (rule.clinical && (modelled || NON_HUMAN_SUBJECTS.test(s.text))) continue;
    if (from === "abstract" && !countsHere(rule, s, match)) continue;
    found.push({
      level: rule.level,
      from,
      cue: match[0].trim(),
      ...(from === "abstract" ? { sentence: s.original } : {}),
      ...(rule.unspecific ? { unspecific: true } : {}),
    });
  }
  if (from === "abstract") found.push(...labelLevels(s));
  return found;
}

/** Whether a match in an abstract sentence speaks of this study. */
function countsHere(rule: Rule, sentence: Sentence, match: RegExpExecArray): boolean {
  const needs = rule.needs ?? "act";
  if (NOT_THIS_ACT.test(sentence.text)) return false;
  if (!REVIEWS.has(rule.level) && REVIEW_WORDS.test(sentence.text)) return false;
  if (needs === "act") return true;
  if ((REVIEWS.has(rule.level) ? NOT_THIS_REVIEW : NOT_THIS_DESIGN).test(sentence.text)) return false;
  if (namesAStudy(sentence.original, match[0])) return false;
  const prefix = sentence.text.slice(0, match.index);
  const atHead = HEAD_WORDS.test(prefix) && !VERB_OR_LINK.test(prefix);
  if (atHead || needs === "head") return atHead;
  const inMethods =
    sentence.category === "METHODS" || (sentence.label !== undefined && DESIGN_LABEL.test(sentence.label));
  return inMethods || (needs === "design" && THIS_STUDY.test(sentence.text));
}

/** "the UK Prospective Diabetes Study (UKPDS)": a design's words as the name of a study, not this one's design. */
function namesAStudy(original: string, cue: string): boolean {
  const pattern = studyNamePattern(cue);
  if (pattern === undefined) return false;
  // The name's first word, capitalized, must be there for the pattern to match: a quick test spares most sentences.
  const first = cue.split(/[\s,]+/).find((word) => /^[a-z]/.test(word)) ?? "";
  return original.includes(`${first[0]?.toUpperCase()}${first.slice(1)}`) && pattern.test(original);
}

/** The pattern of a cue written as a study's name, made once per cue (the same cues recur from record to record). */
function studyNamePattern(cue: string): RegExp | undefined {
  if (STUDY_NAME_PATTERNS.has(cue)) return STUDY_NAME_PATTERNS.get(cue);
  const words = cue.split(/[\s,]+/).filter((word) => /^[a-z]/.test(word));
  const pattern =
    words.length < 2
      ? undefined
      : new RegExp(String.raw`(?:\b[Tt]he\s+(?:[A-Z][\w'-]*\s+){0,3}${titled(words)}|${titled(words)}\s*\()`);
  if (STUDY_NAME_PATTERNS.size >= STUDY_NAME_CACHE) STUDY_NAME_PATTERNS.clear();
  STUDY_NAME_PATTERNS.set(cue, pattern);
  return pattern;
}

function titled(words: readonly string[]): string {
  return words
    .map((word) => `${word[0]?.toUpperCase()}${word.slice(1).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`)
    .join(String.raw`[\s,]+`);
}

const STUDY_NAME_PATTERNS = new Map<string, RegExp | undefined>();
const STUDY_NAME_CACHE = 2000;

const REVIEWS: ReadonlySet<InferredLevel> = new Set(["guideline", "systematic-review", "narrative-review"]);

/** The section labels of a systematic review's or a case report's abstract decide by themselves. */
function labelLevels(sentence: Sentence): InferredEvidenceLevel[] {
  const label = sentence.label;
  if (!label) return [];
  if (REVIEW_LABEL.test(label))
    return [{ level: "systematic-review", from: "abstract", cue: label, sentence: sentence.original }];
  if (CASE_LABEL.test(label))
    return [{ level: "case-report", from: "abstract", cue: label, sentence: sentence.original }];
  return [];
}

function strongest(found: readonly InferredEvidenceLevel[]): InferredEvidenceLevel | undefined {
  let best: InferredEvidenceLevel | undefined;
  for (const item of found) {
    if (best === undefined || LEVEL_ORDER.indexOf(item.level) < LEVEL_ORDER.indexOf(best.level)) best = item;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// Text

/** Rewrites the words that only look like a design, so that the rules need not know them. */
function normalized(text: string): string {
  // Each rewrite only where its word occurs: a scan for a word is cheaper than a pattern that finds nothing.
  let lower = text.toLowerCase().replace(/[\u2010-\u2015]/g, "-");
  if (lower.includes("mendelian")) {
    lower = lower.replace(/\bmendelian randomi[sz]ation\b/g, "mendelian-randomisation-design");
  }
  if (lower.includes("systematic")) lower = lower.replace(/\bnon-?systematic\b/g, "unsystematic");
  if (lower.includes("previously")) {
    lower = lower.replace(
      /\bpreviously (?=(?:un)?(?:treated|diagnosed|healthy|vaccinated|screened|described|validated|established|defined|developed|published)\b)/g,
      "already-",
    );
  }
  if (!lower.includes("random")) return lower;
  return lower
    .replace(
      /\b(?:non|not|un|quasi|pseudo)[\s-]?(?:randomi[sz]ed|randomly|randomi[sz]ation)|\bwere not (?:randomly assigned|randomi[sz]ed)|\bwithout randomi[sz]ation\b/g,
      "nonrandom",
    )
    .replace(
      /\brandomly (?:selected|sampled|chosen|drawn|recruited|generated|identified|picked|invited)\b/g,
      "sampled",
    )
    .replace(/\brandom(?:ly)?[\s-]+(?:sample|sampling|selection)\b/g, "sample");
}

/** Abstract labels written into the text itself ("METHODS We randomly…", "Design: …"), as BEIR's text has them. */
const LABEL_WORD = String.raw`(?:BACKGROUNDS?|CONTEXT|INTRODUCTION|RATIONALE|OBJECTIVES?|AIMS?|PURPOSES?|GOALS?|HYPOTHES[IE]S|QUESTION|METHODS?|METHODOLOGY|DESIGN|SETTINGS?|PARTICIPANTS|PATIENTS|SUBJECTS|POPULATION|INTERVENTIONS?|MAIN|OUTCOMES?|MEASURES?|MEASUREMENTS?|RESULTS?|FINDINGS|CONCLUSIONS?|INTERPRETATION|IMPLICATIONS|SIGNIFICANCE|RELEVANCE|IMPORTANCE|EXPOSURES?|DATA|SOURCES?|STUDY|SELECTION|EXTRACTION|SYNTHESIS|SEARCH|STRATEGY|CRITERIA|ELIGIBILITY|MATERIALS?|CASES?|PRESENTATION|REPORTS?|DESCRIPTION|SUMMARY|EVIDENCE|ACQUISITION|ANALYSIS|ANALYSES|REGISTRATION|TRIAL|REVIEW|COLLECTION|PRINCIPAL|LIMITATIONS|DISCUSSION|FUNDING|PROCEDURES?|OBSERVATIONS?|SPECIFIC|CLINICAL|RESEARCH|METHODOLOGY)(?:\(S\))?`;
const LEADING_LABEL_WORD = new RegExp(`^(?:${LABEL_WORD})`, "i");
const ONE_LABEL_WORD = new RegExp(`^(?:${LABEL_WORD})$`, "i");
const INLINE_LABEL = new RegExp(
  String.raw`^((?:${LABEL_WORD})(?:(?:\s*[,/&]\s*|\s+(?:AND|OF|FOR)\s+|\s+)(?:${LABEL_WORD}))*)\s*[:/]?\s+(?=[A-Z0-9("'\u201c])`,
);
const CASED_LABEL = /^([A-Z][a-z]+(?:(?:\s*[,/&]\s*|\s+(?:and|of)\s+|\s+)[A-Za-z]+){0,5})\s*:\s+(?=\S)/;
/** NEJM's and BMJ's labels run into the text without a colon: "Background In a phase 1 trial, …". */
const RUN_IN_LABEL = /^([A-Z][a-z]+(?:(?:\s*,\s*|\s+and\s+)[a-z]+){0,3})\s+(?=[A-Z0-9])/;

/** The abstract's sentences with their section, background sections left out. */
function designSentences(abstract: DesignText["abstract"]): Sentence[] {
  const sentences: Sentence[] = [];
  for (const section of abstract) {
    let label = section.label;
    let category = section.nlmCategory ?? nlmCategoryForLabel(label);
    for (let original of splitSentences(section.text)) {
      const inline = INLINE_LABEL.exec(original) ?? labelledByColon(original);
      if (inline?.[1]) {
        label = inline[1];
        category = nlmCategoryForLabel(label) ?? "UNASSIGNED";
        original = original.slice(inline[0].length);
      }
      if (category === "BACKGROUND") continue;
      sentences.push({ text: normalized(original), original, category, label });
    }
  }
  return sentences;
}

function labelledByColon(sentence: string): RegExpExecArray | null {
  const colon = sentence.includes(":") ? CASED_LABEL.exec(sentence) : null;
  if (colon?.[1] && LEADING_LABEL_WORD.test(colon[1])) return colon;
  const runIn = RUN_IN_LABEL.exec(sentence);
  return runIn?.[1]?.split(/\s*,\s*|\s+and\s+/).every((word) => ONE_LABEL_WORD.test(word)) ? runIn : null;
}

/**
 * Sentences: a full stop, question or exclamation mark, then a space and a capital or digit; in text joined
 * without spaces ("during sleep.21 individuals", "(ACTRN…).The arousal"), a stop after a word or bracket.
 */
function splitSentences(text: string): string[] {
  // The stop is looked for first, so that most positions fail at once.
  return text
    .split(
      /(?<=[.?!])(?:\s+(?=[A-Z0-9("'\u201c])|(?<=(?:[a-z]{2}|[)\]])[.?!])(?=[A-Z][a-z]|[A-Z]{3,}\b|\d+\s))/,
    )
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== "");
}
