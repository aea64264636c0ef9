/**
 * Evidence levels, strongest first. Derived from PubMed publication types (and a few MeSH study-design
 * headings) so that ranking and answers can prefer guidelines and trials over anecdote.
 */
export const EVIDENCE_LEVELS = [
  "guideline",
  "systematic-review",
  "randomized-trial",
  "non-randomized-trial",
  "observational",
  "case-report",
  "narrative-review",
  "opinion",
  "unclassified",
] as const;

export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];

export const EVIDENCE_LEVEL_LABELS: Record<EvidenceLevel, string> = {
  guideline: "Guideline",
  "systematic-review": "Systematic review / meta-analysis",
  "randomized-trial": "Randomized trial",
  "non-randomized-trial": "Non-randomized trial",
  observational: "Observational study",
  "case-report": "Case report",
  "narrative-review": "Narrative review",
  opinion: "Opinion",
  unclassified: "Unclassified",
};

/** Publication types (NLM's controlled list) that establish a level on their own, checked strongest first. */
const PUBLICATION_TYPE_LEVELS: ReadonlyArray<[EvidenceLevel, readonly string[]]> = [
  [
    "guideline",
    [
      "practice guideline",
      "guideline",
      "consensus development conference",
      "consensus development conference, nih",
    ],
  ],
  ["systematic-review", ["systematic review", "meta-analysis", "network meta-analysis"]],
  ["randomized-trial", ["randomized controlled trial", "pragmatic clinical trial", "equivalence trial"]],
  [
    "non-randomized-trial",
    [
      "clinical trial",
      "controlled clinical trial",
      "clinical trial, phase i",
      "clinical trial, phase ii",
      "clinical trial, phase iii",
      "clinical trial, phase iv",
      "adaptive clinical trial",
      "clinical trial protocol",
    ],
  ],
  [
    "observational",
    [
      "observational study",
      "comparative study",
      "evaluation study",
      "multicenter study",
      "twin study",
      "validation study",
    ],
  ],
  ["case-report", ["case reports"]],
  ["narrative-review", ["review", "scoping review"]],
  ["opinion", ["editorial", "comment", "letter", "news", "interview", "personal narrative"]],
];

/**
 * MeSH study-design headings that describe the article's own design (not "… as Topic" headings, which say the
 * article is *about* such studies).
 */
const MESH_DESIGN_LEVELS: ReadonlyArray<[EvidenceLevel, readonly string[]]> = [
  ["randomized-trial", ["random allocation", "double-blind method", "single-blind method"]],
  [
    "observational",
    [
      "cohort studies",
      "prospective studies",
      "retrospective studies",
      "case-control studies",
      "cross-sectional studies",
      "longitudinal studies",
      "follow-up studies",
    ],
  ],
];

export function evidenceLevelFrom(
  publicationTypes: readonly string[],
  meshDescriptors: readonly string[],
): EvidenceLevel {
  return (
    firstMatchingLevel(PUBLICATION_TYPE_LEVELS, publicationTypes) ??
    firstMatchingLevel(MESH_DESIGN_LEVELS, meshDescriptors) ??
    "unclassified"
  );
}

function firstMatchingLevel(
  table: ReadonlyArray<[EvidenceLevel, readonly string[]]>,
  names: readonly string[],
): EvidenceLevel | undefined {
  const present = new Set(names.map((name) => name.trim().toLowerCase()));
  for (const [level, triggers] of table) {
    if (triggers.some((trigger) => present.has(trigger))) return level;
  }
  return undefined;
}

/** "Retracted Publication" marks the retracted article itself; "Retraction of Publication" is the notice. */
export function isRetractedPublication(publicationTypes: readonly string[]): boolean {
  return publicationTypes.some((type) => type.trim().toLowerCase() === "retracted publication");
}
