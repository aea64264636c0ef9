import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerStatements } from "../src/answer/answer.ts";
import { askQuestion } from "../src/answer/ask-question.ts";
import { studiesOnlyNonHumans } from "../src/evidence/index.ts";
import { ingestSources } from "../src/ingest/ingest-sources.ts";
import { planSources } from "../src/ingest/source-format.ts";
import type { GalenStore } from "../src/store/index.ts";
import { openCorpusStore } from "../src/store/open-store.ts";
import { EXAMPLE_QUESTIONS } from "../src/web/pages/home-page.tsx";
import { hasSharedData, SKIP_REASON, sharedData } from "./shared-data.ts";

const dir = mkdtempSync(join(tmpdir(), "galen-examples-"));
let store: GalenStore;

beforeAll(async () => {
  if (!hasSharedData) return;
  store = await openCorpusStore({ db: join(dir, "samples.db") });
  const sources = ["pubmed-xml", "pubmedqa/ori_pqal.json", "scifact"].map(sharedData);
  await ingestSources(store, await planSources(sources));
}, 120_000);

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`the home page's example questions over the sample corpora (${hasSharedData ? "shared data present" : SKIP_REASON})`, () => {
  it.skipIf(!hasSharedData).each(EXAMPLE_QUESTIONS)(
    "%s is answered from a randomized trial",
    async (question) => {
      const answer = await askQuestion(store, question);
      expect(answer.insufficientEvidence).toBe(false);
      expect(answer.references.some((reference) => reference.evidenceLevel === "randomized-trial")).toBe(
        true,
      );
      expect(answer.bottomLine.length).toBeGreaterThanOrEqual(2);
      for (const statement of answerStatements(answer)) expect(statement.flag).toBeUndefined();
    },
  );

  it.skipIf(!hasSharedData)("answers a parent from studies of people, not of animals", async () => {
    const answer = await askQuestion(
      store,
      "my 8 year old has epilepsy and his pills aren't working. would a special diet stop the fits?",
    );
    expect(answer.insufficientEvidence).toBe(false);
    const documents = await Promise.all(
      answer.references.map((reference) => store.getDocument(reference.id)),
    );
    for (const document of documents) expect(document && studiesOnlyNonHumans(document)).toBe(false);
  });

  it
    .skipIf(!hasSharedData)
    .each([
      "what actually gets rid of head lice?",
      "can I take ibuprofen while breastfeeding? baby is 6 weeks",
      "plantar fasciitis not better after 3 months of stretching - steroid injection?",
      "dapoxetine for PE - does it work?",
    ])("%s is refused: the sample corpora do not hold its answer", async (question) => {
    const answer = await askQuestion(store, question);
    expect(answer.insufficientEvidence).toBe(true);
    expect(answer.references).toEqual([]);
  });
});
