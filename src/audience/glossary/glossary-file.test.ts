import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const HEADER = "term\tplain\tkind";
const KINDS = new Set([
  "condition",
  "anatomy",
  "procedure",
  "test",
  "drug-class",
  "drug",
  "symptom",
  "statistic",
  "study-design",
  "general",
]);
const CORE_TERMS = [
  "spondylolysis",
  "myocardial infarction",
  "hypertension",
  "randomized",
  "placebo",
  "efficacy",
  "adverse events",
  "renal",
  "hepatic",
  "mortality",
  "incidence",
  "prevalence",
  "conservative treatment",
  "bilateral",
  "analgesics",
  "corticosteroids",
  "radiograph",
  "MRI",
  "cohort",
  "meta-analysis",
  "dyspnea",
  "oedema",
  "prognosis",
  "lumbar",
  "fusion",
  "statistically significant",
  "asymptomatic",
  "chronic",
  "acute",
  "comorbidity",
];

const text = readFileSync(new URL("./glossary.tsv", import.meta.url), "utf8");
const lines = text.split(/\r?\n/).filter((line, i, all) => !(i === all.length - 1 && line === ""));
const rows = lines.slice(1).map((line): [string, string, string] => {
  const [term = "", plain = "", kind = ""] = line.split("\t");
  return [term, plain, kind];
});

describe("glossary.tsv", () => {
  it("has the exact header", () => {
    expect(lines[0]).toBe(HEADER);
  });

  it("has exactly three tab-separated fields on every line", () => {
    const bad = lines.filter((line) => line.split("\t").length !== 3);
    expect(bad).toEqual([]);
  });

  it("has no empty term or plain and no stray spaces", () => {
    const bad = rows.filter(
      (fields) =>
        fields.some((f) => f.trim() === "" || f !== f.trim()) || fields.some((f) => /\s{2,}/.test(f)),
    );
    expect(bad).toEqual([]);
  });

  it("uses only allowed kinds", () => {
    const bad = rows.filter(([, , kind]) => !KINDS.has(kind));
    expect(bad).toEqual([]);
  });

  it("has no duplicate terms (case-insensitive)", () => {
    const seen = new Set<string>();
    const dupes: string[] = [];
    for (const [term] of rows) {
      const key = term.toLowerCase();
      if (seen.has(key)) dupes.push(term);
      seen.add(key);
    }
    expect(dupes).toEqual([]);
  });

  it("has no self-loops", () => {
    const bad = rows.filter(([term, plain]) => term.toLowerCase() === plain.toLowerCase());
    expect(bad).toEqual([]);
  });

  it("keeps plain replacements to at most 10 words", () => {
    const bad = rows.filter(([, plain]) => plain.split(/\s+/).length > 10);
    expect(bad).toEqual([]);
  });

  it("has at least 400 entries", () => {
    expect(rows.length).toBeGreaterThanOrEqual(400);
  });

  it("covers at least 90% of the core terms", () => {
    const terms = new Set(rows.map(([term]) => term.toLowerCase()));
    const present = CORE_TERMS.filter((t) => terms.has(t.toLowerCase()));
    expect(present.length / CORE_TERMS.length).toBeGreaterThanOrEqual(0.9);
  });
});
