import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ThreadStore } from "../thread-store.ts";

/** What every engine's thread store must do: keep turns in order, whole, and refuse unknown threads. */
export function describeThreadStoreConformance(
  engine: string,
  open: () => Promise<ThreadStore & { close(): Promise<void> }>,
): void {
  describe(`${engine} thread store`, () => {
    let store: ThreadStore & { close(): Promise<void> };
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it("keeps a thread's turns in order, with their answers whole", async () => {
      const id = await store.createThread();
      const answer = {
        bottomLine: [{ text: "Rest helps.", citations: [1] }],
        nested: { evidence: ["pubmed:1"] },
      };
      expect(
        await store.appendTurn(id, {
          question: "Treatment for pars defect?",
          searchedAs: "Treatment for pars defect?",
          answer,
        }),
      ).toBe(1);
      expect(
        await store.appendTurn(id, {
          question: "What about in adults?",
          searchedAs: "pars defect adults",
          answer: { n: 2 },
        }),
      ).toBe(2);
      const thread = await store.getThread(id);
      expect(thread?.id).toBe(id);
      expect(thread?.turns.map((turn) => [turn.position, turn.question, turn.searchedAs])).toEqual([
        [1, "Treatment for pars defect?", "Treatment for pars defect?"],
        [2, "What about in adults?", "pars defect adults"],
      ]);
      expect(thread?.turns[0]?.answer).toEqual(answer);
      expect(Number.isNaN(Date.parse(thread?.turns[1]?.askedAt ?? ""))).toBe(false);
    });

    it("refuses a turn for a thread that does not exist, and finds no such thread", async () => {
      expect(
        await store.appendTurn("no-such-thread", { question: "q", searchedAs: "q", answer: {} }),
      ).toBeUndefined();
      expect(await store.getThread("no-such-thread")).toBeUndefined();
    });

    it("keeps a request run again (a retried job) to one thread and one turn", async () => {
      const id = await store.createThread("job-7");
      expect(await store.createThread("job-7")).toBe(id);
      expect(await store.createThread("job-8")).not.toBe(id);
      const first = { question: "Treatment for pars defect?", searchedAs: "pars defect", answer: { run: 1 } };
      expect(await store.appendTurn(id, first, "job-7")).toBe(1);
      expect(await store.appendTurn(id, { ...first, answer: { run: 2 } }, "job-7")).toBe(1);
      expect(
        await store.appendTurn(id, { question: "In adults?", searchedAs: "q", answer: {} }, "job-9"),
      ).toBe(2);
      expect(await store.appendTurn(id, { question: "And sport?", searchedAs: "q", answer: {} })).toBe(3);
      const thread = await store.getThread(id);
      expect(thread?.turns.map((turn) => [turn.position, turn.question])).toEqual([
        [1, "Treatment for pars defect?"],
        [2, "In adults?"],
        [3, "And sport?"],
      ]);
      expect(thread?.turns[0]?.answer).toEqual({ run: 1 }); // the first run's answer stands
      expect(thread?.turns.map((turn) => turn.requestKey)).toEqual(["job-7", "job-9", undefined]);
      const other = await store.createThread();
      expect(await store.appendTurn(other, first, "job-7")).toBe(1); // a key is per thread
    });

    it("keeps threads apart", async () => {
      const first = await store.createThread();
      const second = await store.createThread();
      expect(first).not.toBe(second);
      await store.appendTurn(first, { question: "a", searchedAs: "a", answer: {} });
      expect((await store.getThread(second))?.turns).toEqual([]);
    });
  });
}
