import { describe, expect, it } from "vitest";
import { toEvidenceDocument } from "../evidence/index.ts";
import { Reference } from "./answer.ts";
import { buildReferences } from "./references.ts";

const TRIAL = toEvidenceDocument({
  id: "pubmed:21879890",
  source: "pubmed",
  pmid: "21879890",
  doi: "10.1056/NEJMoa1014181",
  pmcid: "PMC3233684",
  title: "Integration of antiretroviral therapy with tuberculosis treatment.",
  journal: "The New England journal of medicine",
  publicationDate: { year: 2011, month: 10 },
  authors: [
    { lastName: "Abdool Karim", foreName: "Salim S", initials: "SS" },
    { lastName: "Naidoo", foreName: "Kogieleum" },
    { collectiveName: "SAPiT Group" },
    { foreName: "Nameless" },
  ],
  abstract: [
    {
      text: "METHODS We conducted a three-group, open-label, randomized, controlled trial in South Africa involving 642 ambulatory patients.",
    },
  ],
});

describe("references", () => {
  it("carries every field the record has, and says the level was inferred", () => {
    const [reference] = buildReferences([TRIAL]);
    expect(reference).toEqual({
      number: 1,
      id: "pubmed:21879890",
      title: "Integration of antiretroviral therapy with tuberculosis treatment.",
      authors: ["Abdool Karim SS", "Naidoo K", "SAPiT Group"],
      journal: "The New England journal of medicine",
      year: 2011,
      evidenceLevel: "randomized-trial",
      evidenceLevelInferred: true,
      pmid: "21879890",
      doi: "10.1056/NEJMoa1014181",
      pmcid: "PMC3233684",
      links: {
        pubmed: "https://pubmed.ncbi.nlm.nih.gov/21879890/",
        doi: "https://doi.org/10.1056/NEJMoa1014181",
        pmc: "https://pmc.ncbi.nlm.nih.gov/articles/PMC3233684/",
      },
      citation: expect.stringContaining("Abdool Karim SS, Naidoo K, SAPiT Group."),
    });
    expect(reference?.citation).toMatch(/PMID: 21879890.*PMCID: PMC3233684/);
    expect(Reference.parse(reference)).toEqual(reference);
  });

  it("leaves out what the record lacks, and marks no stated level as inferred", () => {
    const stated = toEvidenceDocument({
      id: "scifact:1",
      source: "scifact",
      title: "Aspirin after stroke",
      publicationTypes: ["Randomized Controlled Trial"],
    });
    const [reference] = buildReferences([stated]);
    expect(reference).toEqual({
      number: 1,
      id: "scifact:1",
      title: "Aspirin after stroke",
      evidenceLevel: "randomized-trial",
      links: {},
      citation: expect.any(String),
    });
  });

  it("reads references stored before these fields existed", () => {
    const old = {
      number: 2,
      id: "pubmed:1",
      title: "A trial",
      evidenceLevel: "unclassified",
      links: { pubmed: "https://pubmed.ncbi.nlm.nih.gov/1/" },
      citation: "A trial.",
    };
    expect(Reference.parse(old)).toEqual(old);
  });
});
