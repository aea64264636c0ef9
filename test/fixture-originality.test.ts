import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ANSWER_FIXTURE } from "./fixture-store.ts";
import { hasSharedData, SHARED_DATA, SKIP_REASON } from "./shared-data.ts";

/** Eight words in a row shared with a public file would make a fixture sentence a copy of it. */
const RUN_LENGTH = 8;
/** A run needs this many words of letters: a confidence interval ("0.43, 95% CI 0.28 to 0.66") is no copy. */
const WORDS_OF_LETTERS = 5;

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

function wordRuns(text: string): string[] {
  const all = words(text);
  const runs: string[] = [];
  for (let at = 0; at + RUN_LENGTH <= all.length; at++) {
    const run = all.slice(at, at + RUN_LENGTH);
    if (run.filter((word) => /[a-z]/.test(word)).length >= WORDS_OF_LETTERS) runs.push(run.join(" "));
  }
  return runs;
}

interface FixtureDocument {
  id: string;
  title: string;
  abstract: Array<{ text: string }>;
}

function fixtureDocuments(): FixtureDocument[] {
  return readFileSync(ANSWER_FIXTURE, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as FixtureDocument);
}

/** Every text file of the shared data, gzipped ones unpacked (the model file is binary and left out). */
function sharedTexts(): Array<{ file: string; text: string }> {
  return readdirSync(SHARED_DATA, { recursive: true, encoding: "utf8" })
    .map((relative) => join(SHARED_DATA, relative))
    .filter((file) => statSync(file).isFile() && !file.endsWith(".gguf"))
    .map((file) => {
      const bytes = readFileSync(file);
      return { file, text: (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8") };
    });
}

describe("the answer fixture is the project's own invention (test/fixtures/README.md)", () => {
  it.skipIf(!hasSharedData)(
    `shares no title and no run of ${RUN_LENGTH} words with ../shared/data (${hasSharedData ? "shared data present" : SKIP_REASON})`,
    () => {
      const documents = fixtureDocuments();
      const fixtureRuns = new Map<string, string>();
      for (const document of documents) {
        for (const text of [document.title, ...document.abstract.map((section) => section.text)]) {
          for (const run of wordRuns(text)) fixtureRuns.set(run, document.id);
        }
      }
      const titles = documents.map((document) => ({
        id: document.id,
        title: words(document.title).join(" "),
      }));
      const copies: string[] = [];
      for (const { file, text } of sharedTexts()) {
        for (const run of wordRuns(text)) {
          const id = fixtureRuns.get(run);
          if (id !== undefined) copies.push(`${id}: "${run}" in ${file}`);
        }
        const spaced = ` ${words(text).join(" ")} `;
        for (const { id, title } of titles) {
          if (spaced.includes(` ${title} `)) copies.push(`${id}: its title in ${file}`);
        }
      }
      expect(fixtureRuns.size).toBeGreaterThan(3_000);
      expect(copies).toEqual([]);
    },
    120_000,
  );
});
