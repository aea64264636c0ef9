import { describe, expect, it } from "vitest";
import { toLexicalQuery } from "./lexical-query.ts";
import {
  analyzeQuery,
  DEFAULT_ANALYSIS,
  descriptorIndex,
  MAX_QUERY_CHARACTERS,
  questionType,
} from "./query-analysis.ts";

const words = (text: string) => toLexicalQuery(analyzeQuery(text), DEFAULT_ANALYSIS).terms;
const expansions = (text: string) =>
  analyzeQuery(text).concepts.flatMap((concept) =>
    concept.expansions.map((expansion) => expansion.text.toLowerCase()),
  );

describe("query analysis", () => {
  it("keeps medical tokens whole and drops question framing and function words", () => {
    expect(words("What is the role of IL-6 in COVID-19?")).toEqual(["role", "il-6", "covid-19"]);
    expect(words("Crohn's disease and 5-FU")).toEqual(["crohn's", "disease", "5-fu"]);
    expect(words("Should I take HbA1c tests in T2DM?")).toEqual(["take", "hba1c", "tests", "t2dm"]);
  });

  it("spells out Greek letters", () => {
    expect(words("β-blocker after MI")).toContain("beta-blocker");
  });

  it("keeps negations, which change clinical meaning", () => {
    expect(words("patients without diabetes not vaccinated")).toEqual([
      "patients",
      "without",
      "diabetes",
      "not",
      "vaccinated",
    ]);
  });

  it("reads query syntax as words", () => {
    expect(words('NEAR("asthma" -steroid*) title:copd')).toEqual([
      "near",
      "asthma",
      "steroid",
      "title",
      "copd",
    ]);
  });

  it("returns no terms for empty, stop-word-only, emoji or control-character input", () => {
    for (const text of ["", "   ", "the of and", "😀🔥", "\u0000\u0007\u001b\u009b", "!!!???"]) {
      expect(toLexicalQuery(analyzeQuery(text), DEFAULT_ANALYSIS)).toEqual({ terms: [] });
    }
  });

  it("handles mixed scripts and removes duplicates", () => {
    expect(words("Диабет diabetes 糖尿病 diabetes")).toEqual(["диабет", "diabetes", "糖尿病"]);
  });

  it("bounds very long input", () => {
    expect(words("asthma ".repeat(5000))).toEqual(["asthma"]);
    const distinct = Array.from({ length: 3000 }, (_, index) => `term${index}`).join(" ");
    expect(words(distinct).join(" ").length).toBeLessThanOrEqual(MAX_QUERY_CHARACTERS);
  });

  it("searches framing words with less weight instead of dropping them", () => {
    const query = toLexicalQuery(analyzeQuery("treatment for pars defect"), DEFAULT_ANALYSIS);
    expect(query.terms).not.toContain("treatment");
    expect(query.expansions?.some((clause) => clause.terms.includes("treatment") && clause.weight < 1)).toBe(
      true,
    );
  });

  it("makes each expansion stand in for its concept as typed, unless told to score it everywhere", () => {
    const clause = (query: ReturnType<typeof toLexicalQuery>) =>
      query.expansions?.find((candidate) => candidate.terms.includes("myocardial infarction"));
    const standing = clause(toLexicalQuery(analyzeQuery("heart attack in young women"), DEFAULT_ANALYSIS));
    expect(standing?.standIns).toContainEqual({ term: "myocardial infarction", insteadOf: ["heart attack"] });
    // Two concepts naming the same thing: the expansion stands in for both.
    const shared = toLexicalQuery(
      analyzeQuery("water tablets or water pills for the elderly"),
      DEFAULT_ANALYSIS,
    );
    const diuretic = shared.expansions?.flatMap((candidate) => candidate.standIns ?? []);
    expect(diuretic?.find((standIn) => standIn.term === "diuretic")?.insteadOf).toEqual([
      "water tablets",
      "water pills",
    ]);
    const everywhere = toLexicalQuery(analyzeQuery("heart attack in young women"), {
      ...DEFAULT_ANALYSIS,
      expansionsStandIn: false,
    });
    expect(clause(everywhere)?.standIns).toBeUndefined();
  });

  it("makes a drug's class stand in for the drug however it is named, brand or generic", () => {
    const standIns = toLexicalQuery(
      analyzeQuery("Lipitor and hip fracture"),
      DEFAULT_ANALYSIS,
    ).expansions?.flatMap((clause) => clause.standIns ?? []);
    expect(standIns).toContainEqual({ term: "statin", insteadOf: ["lipitor", "atorvastatin"] });
    expect(standIns).toContainEqual({ term: "atorvastatin", insteadOf: ["lipitor"] });
  });
});

describe("vocabulary expansion", () => {
  it("maps lay words to clinical terms", () => {
    expect(expansions("What is the treatment for pars defect?")).toContain("spondylolysis");
    expect(expansions("heart attack in young women")).toContain("myocardial infarction");
    expect(expansions("are water tablets safe")).toContain("diuretic");
  });

  it("expands abbreviations, brands and British spellings", () => {
    const expanded = expansions("AF anticoag in CKD");
    expect(expanded).toEqual(expect.arrayContaining(["atrial fibrillation", "chronic kidney disease"]));
    expect(expansions("Lipitor and muscle pain")).toContain("atorvastatin");
    expect(expansions("anaemia in pregnancy")).toContain("anemia");
    expect(expansions("paracetamol overdose")).toContain("acetaminophen");
  });

  it("chooses an ambiguous abbreviation's sense from the question's other words", () => {
    const neurology = analyzeQuery("MS relapsing demyelinating disease treatment").concepts.find(
      (c) => c.text === "ms",
    );
    const senses = new Map(neurology?.expansions.map((expansion) => [expansion.text, expansion.weight]));
    expect(senses.get("multiple sclerosis")).toBeGreaterThan(0);
    expect(senses.get("mitral stenosis") ?? 0).toBe(0);
  });

  it("weights a drug's other name, an abbreviation's sense and other expansions each by their own weight", () => {
    const weights = analyzeQuery("Eliquis after a heart attack in CKD").concepts.flatMap((concept) =>
      concept.expansions.map((expansion) => [expansion.text, expansion.weight]),
    );
    expect(weights).toContainEqual(["apixaban", DEFAULT_ANALYSIS.drugNameWeight]);
    expect(weights).toContainEqual(["myocardial infarction", DEFAULT_ANALYSIS.expansionWeight]);
    expect(weights).toContainEqual(["chronic kidney disease", DEFAULT_ANALYSIS.abbreviationWeight]);
  });

  it("adds a drug's class, for its generic and its brands, at the class weight", () => {
    const weights = (text: string) =>
      analyzeQuery(text).concepts.flatMap((concept) =>
        concept.expansions.map((expansion) => [expansion.text, expansion.kind, expansion.weight]),
      );
    expect(weights("Lipitor and muscle pain")).toContainEqual([
      "statin",
      "drug-class",
      DEFAULT_ANALYSIS.drugClassWeight,
    ]);
    expect(weights("atorvastatin and muscle pain")).toContainEqual([
      "statin",
      "drug-class",
      DEFAULT_ANALYSIS.drugClassWeight,
    ]);
    expect(weights("Valium and falls")).toContainEqual([
      "benzodiazepine",
      "drug-class",
      DEFAULT_ANALYSIS.drugClassWeight,
    ]);
    // A class typed beside the drug is not added again, and the drug's own name still is.
    expect(expansions("the old antidepressant Pamelor for smoking")).toContain("nortriptyline");
    expect(expansions("the old antidepressant Pamelor for smoking")).not.toContain("antidepressant");
    const without = analyzeQuery("Lipitor and muscle pain", { ...DEFAULT_ANALYSIS, drugClassWeight: 0 });
    expect(without.concepts.flatMap((concept) => concept.expansions.map((e) => e.text))).not.toContain(
      "statin",
    );
  });

  it("does not add an expansion the question already spells out", () => {
    expect(expansions("AMPK activation in muscle")).toContain("AMP-activated protein kinase".toLowerCase());
    expect(expansions("AMP-activated protein kinase (AMPK) activation in muscle")).toEqual([]);
  });

  it("takes a sense the question spells out as the one meant, and adds none of the others", () => {
    expect(expansions("BP at 55")).toContain("bullous pemphigoid");
    expect(expansions("If my BP is normal, will I get high blood pressure?")).not.toContain(
      "bullous pemphigoid",
    );
    // The words of a sense typed apart are not the sense: heart (attack) and failure are not "heart failure".
    expect(expansions("pump failure after a heart attack")).toContain("cardiogenic shock");
  });

  it("keeps A&E whole, and reads odds as a word", () => {
    expect(expansions("wheezing in pregnancy and visits to A&E")).toContain("emergency department");
    expect(expansions("the odds of hypertension")).not.toContain("oppositional defiant disorder");
  });

  it("expands abbreviations that are everyday words only when written in capitals, plurals too", () => {
    expect(expansions("all patients")).toEqual([]);
    expect(expansions("ALL in children")).toContain("acute lymphoblastic leukemia");
    expect(expansions("panic-prone state in rats")).not.toContain("rapid antigen test");
    expect(expansions("Dscam1 acts as a receptor")).not.toContain("acceptance and commitment therapy");
    expect(expansions("ACTs for falciparum malaria")).toContain("artemisinin-based combination therapy");
  });

  it("adds no other sense of an abbreviation the question defines", () => {
    expect(expansions("sensitivity to IR in mice")).toContain("insulin resistance");
    expect(expansions("sensitivity to ionizing radiation (IR) in mice")).not.toContain("insulin resistance");
    expect(expansions("IR (ionizing radiation) and DNA repair")).not.toContain("insulin resistance");
    expect(expansions("stroke in people with sickle cell trait (SCT)")).not.toContain(
      "stem cell transplantation",
    );
  });
});

describe("MeSH descriptors named in a question", () => {
  const descriptors = descriptorIndex(["Spondylolysis", "Low Back Pain", "Myocardial Infarction", "Humans"]);

  it("finds descriptors written in the question and reached through the vocabulary", () => {
    const analyzed = analyzeQuery("low back pain after a heart attack", DEFAULT_ANALYSIS, descriptors);
    expect(analyzed.meshDescriptors).toEqual(["Low Back Pain", "Myocardial Infarction"]);
    const clause = toLexicalQuery(analyzed, DEFAULT_ANALYSIS).expansions?.find((c) => c.field === "mesh");
    expect(clause).toEqual({
      terms: ["Low Back Pain", "Myocardial Infarction"],
      weight: DEFAULT_ANALYSIS.meshWeight,
      field: "mesh",
    });
  });

  it("does not expand a vocabulary word inside a longer descriptor the question names", () => {
    const moleExpansions = (known: string[]) =>
      analyzeQuery("hydatidiform mole and hCG", DEFAULT_ANALYSIS, descriptorIndex(known)).concepts.find(
        (concept) => concept.text === "mole",
      )?.expansions;
    expect(moleExpansions([])?.map((expansion) => expansion.text)).toContain("melanocytic nevus");
    expect(moleExpansions(["Hydatidiform Mole"])).toEqual([]);
  });

  it("can be turned off", () => {
    const settings = { ...DEFAULT_ANALYSIS, meshWeight: 0 };
    expect(analyzeQuery("pars defect", settings, descriptors).meshDescriptors).toEqual([]);
  });
});

describe("question type", () => {
  it.each([
    ["What is the treatment for pars defect?", "treatment"],
    ["How is a pulmonary embolism diagnosed?", "diagnosis"],
    ["What is the prognosis of glioblastoma?", "prognosis"],
    ["What causes gout?", "etiology"],
    ["Amoxicillin dose for otitis media in children", "dosing"],
    ["apixaban vs warfarin in AF", "comparison"],
    ["Does vitamin D prevent fractures?", "treatment"],
    ["What is spondylolysis?", "definition"],
    ["asthma", "unknown"],
  ])("%s → %s", (text, type) => {
    expect(questionType(text)).toBe(type);
  });
});

describe("function words that are also abbreviations", () => {
  it("reads a question's opening word as a word, not as an abbreviation", () => {
    const concepts = analyzeQuery("Does vitamin D prevent fractures?").concepts.map(
      (concept) => concept.text,
    );
    expect(concepts).not.toContain("does");
  });

  it("does not search for vs or expand it", () => {
    const concepts = analyzeQuery("metformin vs insulin in pregnancy").concepts.map(
      (concept) => concept.text,
    );
    expect(concepts).toEqual(["metformin", "insulin", "pregnancy"]);
  });
});
