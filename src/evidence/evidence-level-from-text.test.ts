import { describe, expect, it } from "vitest";
import { evidenceLevelFromText, inferEvidenceLevel } from "./evidence-level-from-text.ts";

/** A record with only free text, as BEIR's SciFact corpus has it (labels written into the text). */
const text = (abstract: string, title = "Untitled") => ({ title, abstract: [{ text: abstract }] });

describe("evidence level from the title", () => {
  it.each([
    [
      "Sulfasalazine in the treatment of spondylarthropathy. A randomized, multicenter, double-blind, placebo-controlled study.",
      "randomized-trial",
    ],
    [
      "Bezafibrate in men with lower extremity arterial disease: randomised controlled trial.",
      "randomized-trial",
    ],
    [
      "A cluster randomized, controlled trial of breast and cervix cancer screening in Mumbai, India",
      "randomized-trial",
    ],
    ["Migraine and cardiovascular disease: systematic review and meta-analysis.", "systematic-review"],
    [
      "Are expert athletes 'expert' in the cognitive laboratory? A meta-analytic review of cognition and sport expertise",
      "systematic-review",
    ],
    [
      "Surviving Sepsis Campaign: International Guidelines for Management of Sepsis and Septic Shock 2016",
      "guideline",
    ],
    [
      "Prevention of pertussis: recommendations of the Advisory Committee on Immunization Practices",
      "guideline",
    ],
    [
      "Capsule endoscopy in acute upper gastrointestinal hemorrhage: a prospective cohort study.",
      "observational",
    ],
    [
      "Use of clomifene during early pregnancy and risk of hypospadias: population based case-control study.",
      "observational",
    ],
    [
      "Knowledge of young African American adults about heart disease: a cross-sectional survey",
      "observational",
    ],
    [
      "A phase I study of PF-04449913, an oral hedgehog inhibitor, in patients with advanced solid tumors.",
      "non-randomized-trial",
    ],
    ["Arthroscopic repair: a non-randomized controlled trial", "non-randomized-trial"],
    ["A rare case of duodenal ulcer perforation accompanied by Boerhaave syndrome.", "case-report"],
    ["Levetiracetam induced psoriasiform drug eruption: a rare case report.", "case-report"],
    ["Chronic Hepatitis B Infection: A Review", "narrative-review"],
    ["Prison health care: a review of the literature.", "narrative-review"],
  ])("%s → %s", (title, level) => {
    expect(inferEvidenceLevel({ title, abstract: [] })).toMatchObject({ level, from: "title" });
  });

  it("reads a systematic review of randomized trials as a review, not a trial", () => {
    expect(
      evidenceLevelFromText(text("", "A systematic review of randomized controlled trials of acupuncture")),
    ).toBe("systematic-review");
    expect(
      evidenceLevelFromText(
        text("", "Long term pharmacotherapy for obesity: updated meta-analysis of randomised trials"),
      ),
    ).toBe("systematic-review");
  });

  it("does not take a study about guidelines, a methods paper, a protocol or a notice for the design", () => {
    for (const title of [
      "Management of patients with sore throats in relation to guidelines: an interview study in Sweden",
      "Adherence to guidelines for the management of asthma",
      "Quantifying heterogeneity in a meta-analysis.",
      "Guidance of B cells by the orphan G protein-coupled receptor EBI2 shapes humoral immune responses.",
      "Rationale and design of a randomized trial of early surgery",
      "Correction: Adverse events and preventable consequences: retrospective study in five Italian hospitals",
    ]) {
      expect(inferEvidenceLevel({ title, abstract: [] })?.from, title).not.toBe("title");
    }
  });

  it("skips a question for a title (PubMedQA's) and reads the abstract", () => {
    expect(
      inferEvidenceLevel({
        title: "Is a randomized trial of music therapy feasible?",
        abstract: [
          { label: "METHODS", nlmCategory: "METHODS", text: "Cross-sectional survey of 200 nurses." },
        ],
      }),
    ).toMatchObject({ level: "observational", from: "abstract" });
  });

  it("lets the abstract show that a trial named only by its phase was randomized", () => {
    expect(
      inferEvidenceLevel(
        text(
          "DESIGN Multicenter, randomized, double-blind, dose-escalation, placebo-controlled trial. SETTING Community-based clinical research centers.",
          "Phase 2 safety trial targeting amyloid beta production with a gamma-secretase inhibitor in Alzheimer disease.",
        ),
      ),
    ).toMatchObject({ level: "randomized-trial", from: "abstract" });
    expect(
      evidenceLevelFromText(text("Patients received the drug.", "A phase II study of drug X in glioma")),
    ).toBe("non-randomized-trial");
  });
});

describe("evidence level from the abstract (SciFact's sentences)", () => {
  it.each([
    // scifact:308862 (NEJM)
    [
      "BACKGROUND The combination of radiotherapy plus long-term medical suppression of androgens improves overall survival. METHODS We randomly assigned patients with locally advanced prostate cancer who had received external-beam radiotherapy plus 6 months of androgen suppression to two groups.",
      "randomized-trial",
    ],
    // scifact:3825750
    [
      "METHODS We enrolled 599 patients in this multinational, randomized, double-blind study.",
      "randomized-trial",
    ],
    // scifact:24097933
    [
      "We therefore evaluated the effect of prophylactic CVVH in 80 patients with paraquat poisoning. All patients were treated with hemoperfusion within 24 hours of ingestion and then randomly assigned to the HP-alone or HP-CVVH group.",
      "randomized-trial",
    ],
    // scifact:5431268: sentences joined without a space, the trial registered
    [
      "This study aimed to determine the effects of three common hypnotics during sleep.21 individuals with and without OSA completed 84 detailed sleep studies after receiving temazepam and placebo on four occasions in a randomised, double-blind, placebo-controlled, crossover trial (ACTRN12612001004853).The arousal threshold increased but not with temazepam.",
      "randomized-trial",
    ],
    // NEJM's run-in labels
    [
      "Background Rates of infection are high. Methods We conducted an open-label, single-dose-escalation, phase 1 trial involving 15 patients with systemic amyloidosis.",
      "non-randomized-trial",
    ],
    // scifact:1759213
    [
      "OBJECTIVE To examine the safety of using aliskiren. DESIGN Systematic review and meta-analysis of randomised controlled trials. DATA SOURCES Medline, Embase, the Cochrane Library.",
      "systematic-review",
    ],
    // scifact:202259: a meta-analysis full of trials
    [
      "BACKGROUND Several trials have shown benefits. We did a systematic review and meta-analysis to assess the effect of blood pressure lowering in patients on dialysis. METHODS We systematically searched Medline, Embase, and the Cochrane Library database for trials reported between 1950 and November, 2008.",
      "systematic-review",
    ],
    // scifact:6767133
    [
      "STUDY DESIGN Prospective observational cohort. OBJECTIVE To describe the baseline characteristics.",
      "observational",
    ],
    // scifact:6525844
    [
      "BACKGROUND Damage to large arteries is a major factor. METHODS AND RESULTS A cohort of 241 patients with ESRD undergoing hemodialysis was studied between April 1987 and April 1998.",
      "observational",
    ],
    [
      "We retrospectively reviewed the records of 20 patients (22 limbs) who underwent limb-salvage using the Repiphysis prosthesis from 2003 to 2015.",
      "observational",
    ],
    [
      "We report a case of a 65-year-old male with bilateral functional shoulder pain associated with insomnia.",
      "case-report",
    ],
    ["A 79-year-old woman had uneventful femtosecond laser-assisted cataract surgery.", "case-report"],
    [
      "Here, we review recent advances in lineage reprogramming, including the identification of novel reprogramming factors.",
      "narrative-review",
    ],
    [
      "This Review focuses on new aspects of one of the central paradigms of inflammation and immunity.",
      "narrative-review",
    ],
  ])("%s → %s", (abstract, level) => {
    expect(inferEvidenceLevel(text(abstract))).toMatchObject({ level, from: "abstract" });
  });

  it("reads labelled sections the way PubMed gives them", () => {
    expect(
      evidenceLevelFromText({
        title: "Does exercise during pregnancy prevent postnatal depression?",
        abstract: [
          {
            label: "OBJECTIVE",
            nlmCategory: "OBJECTIVE",
            text: "To assess whether exercise prevents depression.",
          },
          { label: "DESIGN", nlmCategory: "METHODS", text: "Randomized controlled trial." },
        ],
      }),
    ).toBe("randomized-trial");
  });
});

describe("what is not this study's design", () => {
  it.each([
    // scifact:2015126
    "No randomized prospective trials have assessed the impact of these strategies specifically in mutation carriers.",
    // scifact:437924: a review's background
    "Randomized, placebo-controlled studies have demonstrated that daily oral antiretroviral pre-exposure prophylaxis can significantly reduce HIV incidence.",
    // scifact:11109043
    "A randomized controlled trial is needed to further substantiate this finding.",
    // scifact:8642784's conclusion
    "General acceptance of uniform definitions and performance of large-scale prospective randomized trials are critical.",
    // scifact:4506414
    "These findings will help to inform the design of randomised trials to assess them.",
    // a protocol
    "Participants will be randomly assigned to the intervention or to usual care.",
    // sampling, Mendelian randomization, a chromosome "randomly" segregating
    "METHODS AND RESULTS An online study of 500 randomly selected physicians used a standardized questionnaire.",
    "Mendelian randomization can provide robust evidence on the nature of this association.",
    "Sequential administration of 5-chloro-2-deoxyuridine indicated that all HSCs segregate their chromosomes randomly.",
    // animals
    "METHODS Adult, male DIO, and DR rats were randomized to a high-fat diet or the same diet with oligofructose.",
    "Ten male beagles were randomly allocated to 3 groups.",
    // a background section
    "BACKGROUND In a large randomized trial, aspirin reduced colorectal adenomas.",
  ])("%s", (abstract) => {
    expect(evidenceLevelFromText(text(abstract))).toBeUndefined();
  });

  it("reads a non-randomized trial as one", () => {
    expect(
      evidenceLevelFromText(
        text("Twenty-six patients were enrolled in this non-randomized controlled trial."),
      ),
    ).toBe("non-randomized-trial");
    expect(evidenceLevelFromText(text("Observational prospective nonrandomized study."))).toBe(
      "observational",
    );
  });

  it("reads a meta-analysis of randomized trials as a systematic review", () => {
    expect(
      evidenceLevelFromText(
        text(
          "METHODS We performed a meta-analysis of randomized trials. A total of 3353 patients were randomized to study drug and 1757 were randomized to placebo.",
        ),
      ),
    ).toBe("systematic-review");
  });

  it("does not take a named study for the design", () => {
    expect(
      evidenceLevelFromText(
        text("Intensive control reduced complications in the UK Prospective Diabetes Study (UKPDS)."),
      ),
    ).toBeUndefined();
  });

  it("gives a model's cohort no clinical design", () => {
    expect(
      evidenceLevelFromText(
        text(
          "DESIGN Decision analytical model comparing four prioritisation strategies. The order of surgery in a cohort of patients was determined by each strategy.",
        ),
      ),
    ).toBeUndefined();
  });

  it("leaves a laboratory study unclassified", () => {
    expect(
      evidenceLevelFromText(
        text(
          "Here we demonstrate that the aged stem cell niche in skeletal muscle contains substantially reduced levels of fibronectin.",
          "Loss of fibronectin from the aged stem cell niche affects the regenerative capacity of skeletal muscle",
        ),
      ),
    ).toBeUndefined();
  });
});
