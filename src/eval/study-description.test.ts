import { describe, expect, it } from "vitest";
import {
  comparableSentence,
  isDesignStatement,
  quotedStudyDescription,
  studyDescriptionSentences,
} from "./study-description.ts";

/**
 * Every sentence here is copied from a real abstract of the sample corpora (../shared/data): SciFact's corpus
 * (its document id given) or PubMedQA's ori_pqal.json (its PMID given).
 */

describe("isDesignStatement", () => {
  it.each([
    // The investigators' own actions.
    [
      "scifact:4883040",
      "We conducted a systematic review of studies that analysed the impact of antiretroviral therapy on the incidence of tuberculosis in adults with HIV infection.",
    ],
    ["scifact:27866735", "We systematically reviewed published papers from 1980 to 2008."],
    [
      "scifact:7150238",
      "Here, we studied the effects of LY2405319 (LY), a variant of FGF21, in a randomized, placebo-controlled, double-blind proof-of-concept trial in patients with obesity and type 2 diabetes.",
    ],
    [
      "scifact:25191216",
      "To investigate the contribution of c-Fos, we examined transgenic mice overexpressing c-fos, which develop sclerotic lesions closely resembling those found in fibrous dysplasia.",
    ],
    // Procedure and measurement in the passive.
    [
      "scifact:3190689",
      "If adhesions were confirmed during diagnostic laparoscopy, patients were randomly assigned either to laparoscopic adhesiolysis or no treatment.",
    ],
    [
      "scifact:21287352",
      "Lung function was measured at the time of blood sampling and every 3-6 months during the observation period (median 25.0 months).",
    ],
    [
      "scifact:1102268",
      "Data were collected by trained data registration officers using standard methods of case ascertainment and definition.",
    ],
    [
      "scifact:4883040",
      "PubMed, Embase, African Index Medicus, LILACS, and clinical trial registries were systematically searched.",
    ],
    // Aims and hypotheses, even when they name the finding hoped for.
    [
      "scifact:9764256",
      "The aim of this study was to assess whether HPV DNA testing in the first screen decreases detection of cervical intraepithelial neoplasia (CIN) grade 3 or worse, CIN grade 2 or worse, and cervical cancer in the second screening.",
    ],
    [
      "scifact:881332",
      "Our objective was to test the hypothesis that nulliparous women with a history of miscarriage have an increased risk of depression during late pregnancy, and at 1, 6, and 12 months postpartum compared to women without a history of miscarriage.",
    ],
    [
      "scifact:18997216",
      "We hypothesized spontaneous sympathetic baroreflex gain would be reduced in normotensive pregnant women relative to nonpregnant matched controls.",
    ],
    [
      "scifact:6549091",
      "This clinical investigation was performed to compare the effects of permanent dual-chamber cardiac pacing with pharmacological therapy in patients with recurrent vasovagal syncope.",
    ],
    ["pubmedqa:11296674", "To report an uncommon association of prostate and lung cancer."],
    // Outcomes and designs named as such, and labels left in the text.
    ["scifact:6549091", "The primary outcome was the first recurrence of syncope after randomization."],
    [
      "scifact:11614737",
      "Secondary outcomes were prolonged and point-prevalence smoking abstinence rates at weeks 26 and 52.",
    ],
    [
      "scifact:602760",
      "Design and setting A 52 week, two period, double blind, multicentre trial during which patients whose symptoms remained uncontrolled by inhaled corticosteroids were randomised to add montelukast or salmeterol.",
    ],
    [
      "scifact:6176498",
      "DESIGN AND SETTING Prospective, nested case-control study within the Nurses' Health Study, an ongoing US study initiated in 1976.",
    ],
    ["scifact:13843341", "MAIN OUTCOME MEASURE Incremental cost per in-hospital death."],
    ["pubmedqa (METHODS)", "Randomized controlled trial."],
    ["pubmedqa (METHODS)", "Retrospective, comparative cohort study."],
  ])("%s: %s", (_source, sentence) => {
    expect(isDesignStatement(sentence)).toBe(true);
  });

  it.each([
    // Findings, including those with a design word in them.
    [
      "scifact:313403",
      "In conclusion, the number of TAMs in the tumor stroma is an independent predictor of survival time for breast cancer patients.",
    ],
    [
      "scifact:8677721",
      "In conclusion, we identified GSK-3β and Nur77 as novel interaction partners of NDRG1.",
    ],
    [
      "scifact:266641",
      "We found that the IL-7 receptor (CD127) is down-regulated on a subset of CD4+ T cells in peripheral blood.",
    ],
    [
      "scifact:21287352",
      "Neutrophil counts, serum CRP and MMP-9 were significantly higher in the rapid decliners (p<0.05).",
    ],
    [
      "scifact:4883040",
      "Antiretroviral therapy is strongly associated with a reduction in the incidence of tuberculosis across all CD4 count strata.",
    ],
    [
      "scifact:6549091",
      "DDD pacing with rate-drop response function is more effective than beta-blockade for the prevention of syncopal recurrences in highly symptomatic vasovagal fainters with relative bradycardia during tilt-induced syncope.",
    ],
    [
      "scifact:1387104",
      "Patients with hematological malignancies had the highest risk of venous thrombosis, adjusted for age and sex (adjusted OR, 28.0; 95% CI, 4.0-199.7), followed by lung cancer and gastrointestinal cancer.",
    ],
    [
      "scifact:750781",
      "Patients with TDM were more likely than those without to have small (<1.5 mm) grafted distal vessels (29% versus 22%) and vessels of poor quality (9% versus 6%).",
    ],
    // Background about the literature, and a design word in a finding.
    [
      "scifact:21287352",
      "Recent studies show that COPD patients exhibit low-grade systemic inflammation, and that plasma fibrinogen and high neutrophil counts are related to faster declines in lung function.",
    ],
    [
      "pubmedqa (BACKGROUND)",
      "No research had been undertaken to ascertain if this reflects the oral health of recruits joining each Service.",
    ],
    // A label's word opening a sentence of its own.
    [
      "scifact:583260",
      "Methods to avoid or reduce ADEs are an important issue for drug discovery and development.",
    ],
    [
      "scifact:5912283",
      "Participants in the CBT group spent much more time in slow-wave sleep (stages 3 and 4) compared with those in other groups, and spent less time awake during the night.",
    ],
    [
      "pubmedqa (CONCLUSIONS)",
      "An overweight birth cohort in childhood does not necessarily continue to be overweight in young adulthood.",
    ],
  ])("%s is a finding or background: %s", (_source, sentence) => {
    expect(isDesignStatement(sentence)).toBe(false);
  });
});

/** SciFact 21287352's abstract as SciFact stores it: one unstructured text with its labels typed in capitals. */
const COPD_ABSTRACT = `BACKGROUND Recent studies show that COPD patients exhibit low-grade systemic inflammation, and that plasma fibrinogen and high neutrophil counts are related to faster declines in lung function. We examined correlations between serum biomarkers and the decline of lung function in COPD patients.
 METHOD Baseline levels of 9 serum biomarkers (TIMP-1, alpha1-antitrypsin, MMP-9, TNF-alpha, TGF-beta, IL-6, IL-8, neutrophil elastase and CRP), fibrinogen and white blood cell counts (WCC) were measured in 96 COPD patients. Lung function was measured at the time of blood sampling and every 3-6 months during the observation period (median 25.0 months).
 RESULTS Twenty patients were rapid decliners of lung function and 53 patients were non-decliners. Neutrophil counts, serum CRP and MMP-9 were significantly higher in the rapid decliners (p<0.05). The remaining biomarkers were not correlated with the annual change of % predicted FEV(1).
 CONCLUSION Serum CRP and MMP-9 levels were related to FEV(1) decline. These markers are good candidates as predictors for rapid decline of FEV(1) in COPD patients.`;

/** PubMedQA 11296674 as Galen ingests it: its labelled contexts, and its long answer as the conclusions. */
const PROSTATE_ABSTRACT = [
  { label: "OBJECTIVE", text: "To report an uncommon association of prostate and lung cancer." },
  {
    label: "METHODS",
    text: "The characteristics of both tumors, their association with tumors in other sites and the time of presentation are analyzed.",
  },
  {
    label: "RESULTS",
    text: "Both tumors were in the advanced stages. Metastatic carcinoma of the prostate was discarded due to the form of presentation.",
  },
  {
    label: "CONCLUSIONS",
    nlmCategory: "CONCLUSIONS" as const,
    text: "Although the association of prostate and lung cancer is uncommon, the possibility of synchronous tumors should be considered in patients with urinary and pulmonary symptoms suggestive of neoplasm. It is important to determine if the lesion is a metastasis, since the prognosis depends on the second tumor.",
  },
];

describe("studyDescriptionSentences", () => {
  it("takes labelled methods and objectives by their labels, whatever their wording", () => {
    expect(studyDescriptionSentences({ abstract: PROSTATE_ABSTRACT })).toEqual([
      { text: "To report an uncommon association of prostate and lung cancer.", reason: "objective-label" },
      {
        text: "The characteristics of both tumors, their association with tumors in other sites and the time of presentation are analyzed.",
        reason: "methods-label",
      },
    ]);
  });

  it("reads an unstructured abstract's typed labels, and the design pattern where no label says", () => {
    expect(studyDescriptionSentences({ abstract: [{ text: COPD_ABSTRACT }] })).toEqual([
      {
        text: "We examined correlations between serum biomarkers and the decline of lung function in COPD patients.",
        reason: "design-pattern",
      },
      {
        text: "Baseline levels of 9 serum biomarkers (TIMP-1, alpha1-antitrypsin, MMP-9, TNF-alpha, TGF-beta, IL-6, IL-8, neutrophil elastase and CRP), fibrinogen and white blood cell counts (WCC) were measured in 96 COPD patients.",
        reason: "methods-label",
      },
      {
        text: "Lung function was measured at the time of blood sampling and every 3-6 months during the observation period (median 25.0 months).",
        reason: "design-pattern",
      },
    ]);
  });

  it("trusts a results label: a sentence reported as a result is a finding", () => {
    const texts = studyDescriptionSentences({
      abstract: [
        {
          label: "RESULTS",
          nlmCategory: "RESULTS",
          text: "Seventy-five patients were recruited over a period of 5 months.",
        },
      ],
    });
    expect(texts).toEqual([]);
  });
});

describe("quotedStudyDescription", () => {
  const documents = [{ abstract: [{ text: COPD_ABSTRACT }] }, { abstract: PROSTATE_ABSTRACT }];

  it("finds a statement that quotes a methods sentence, give or take an opener, case, spacing and the full stop", () => {
    expect(
      quotedStudyDescription(
        "Lung function was measured at the time of blood sampling and every 3-6 months during the observation period (median 25.0 months).",
        documents,
      ),
    ).toEqual({
      text: "Lung function was measured at the time of blood sampling and every 3-6 months during the observation period (median 25.0 months).",
      reason: "design-pattern",
    });
    expect(
      quotedStudyDescription(
        "In conclusion, to report  an uncommon association of prostate and lung cancer",
        documents,
      )?.reason,
    ).toBe("objective-label");
    expect(
      quotedStudyDescription(
        "we examined correlations between serum biomarkers and the decline of lung function in COPD patients.",
        documents,
      )?.reason,
    ).toBe("design-pattern");
  });

  it("does not count a finding, nor a methods sentence that is only part of the statement", () => {
    expect(
      quotedStudyDescription("Serum CRP and MMP-9 levels were related to FEV(1) decline.", documents),
    ).toBeUndefined();
    expect(quotedStudyDescription("Lung function was measured.", documents)).toBeUndefined();
  });

  it("compares sentences without openers, case, spacing or the closing stop", () => {
    expect(comparableSentence("  In conclusion,  Overall, Serum CRP\nwas RELATED.  ")).toBe(
      "serum crp was related",
    );
  });
});
